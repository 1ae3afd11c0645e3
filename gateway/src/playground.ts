import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Express, Response } from 'express';
import { PLAYGROUND_EXAMPLES } from './playground/examples';
import { PLAYGROUND_OPERATIONS } from './playground/operations';

/**
 * GraphiQL served from the gateway itself: government networks are closed, so nothing may come
 * from a CDN. The page, its script and styles are files of installed packages; the operators'
 * tools (NCALayer sign-in, signed actions, saved examples) are playground/page.js.
 */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

// The UMD builds are not in the packages' `exports`, so they are read from the package folder.
const packageFile = (pkg: string, file: string) =>
  readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file));

const PAGE = `<!doctype html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <title>Kezek GraphQL</title>
  <link rel="stylesheet" href="/playground/graphiql.css">
  <link rel="stylesheet" href="/playground/kezek.css">
</head>
<body>
  <div id="graphiql">Loading…</div>
  <script src="/playground/react.js"></script>
  <script src="/playground/react-dom.js"></script>
  <script src="/playground/graphiql.js"></script>
  <script src="/playground/init.js"></script>
</body>
</html>
`;

const STYLE = `html, body, #graphiql { height: 100%; margin: 0; }
.graphiql-container .graphiql-logo { display: flex; align-items: center; }
.kezek-operator { display: flex; flex-direction: column; align-items: flex-end; gap: 4px; font-size: 14px; }
.kezek-operator-row { display: flex; align-items: center; gap: 8px; }
.kezek-button { border: 1px solid hsla(var(--color-neutral), 0.4); }
.kezek-status { max-width: 32em; font-size: 12px; }
.kezek-error { color: hsl(var(--color-error)); }
.kezek-examples .kezek-example { margin: 12px 0; }
.kezek-examples .kezek-button { text-align: left; }
.kezek-examples .kezek-example p { margin: 4px 0 0; color: hsla(var(--color-neutral), 0.7); font-size: 13px; }
.kezek-examples-icon { font-size: 18px; line-height: 1; }
`;

export interface PlaygroundOptions {
  /** The NCALayer the page signs with (PLAYGROUND_NCALAYER_URL): the only origin it may reach besides the gateway. */
  ncaLayerUrl: string;
}

/** Same-origin only, but for NCALayer on the operator's machine: the CSP makes that a rule, not a habit. */
export function playgroundCsp(ncaLayerUrl: string): string {
  const ncaLayer = new URL(ncaLayerUrl);
  return [
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${ncaLayer.protocol}//${ncaLayer.host}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

export function mountPlayground(app: Express, options: PlaygroundOptions): void {
  const files = Object.fromEntries(
    Object.entries(ASSETS).map(([name, a]) => [name, { body: packageFile(a.pkg, a.file), type: a.type }]),
  );
  const config = { ncaLayerUrl: options.ncaLayerUrl, operations: PLAYGROUND_OPERATIONS };
  files['init.js'] = {
    body: Buffer.concat([
      Buffer.from(`const KEZEK_PLAYGROUND = ${JSON.stringify(config)};\n`),
      readFileSync(join(__dirname, 'playground', 'page.js')),
    ]),
    type: 'text/javascript',
  };
  files['kezek.css'] = { body: Buffer.from(STYLE), type: 'text/css' };
  files['examples.json'] = { body: Buffer.from(JSON.stringify(PLAYGROUND_EXAMPLES)), type: 'application/json' };
  const csp = playgroundCsp(options.ncaLayerUrl);
  const page = (res: Response) => res.set('content-security-policy', csp).type('html').send(PAGE);
  app.get('/playground', (_req, res) => page(res));
  app.get('/playground/:file', (req, res) => {
    // Own keys only: /playground/constructor is not a file.
    const file = Object.hasOwn(files, req.params.file) ? files[req.params.file] : undefined;
    if (!file) return void res.sendStatus(404);
    res.set('cache-control', 'public, max-age=3600').type(file.type).send(file.body);
  });
  // A browser opening /graphql gets the playground; API clients (POST, or GET with a query) do not.
  app.get(['/', '/graphql'], (req, res, next) =>
    req.accepts(['json', 'html']) === 'html' && !req.query.query ? page(res) : next(),
  );
}
