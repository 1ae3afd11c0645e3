import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Express, Response } from 'express';

/**
 * GraphiQL served from the gateway itself: government networks are closed, so nothing may come
 * from a CDN. The page, its script and styles are files of installed packages.
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

// Only the portal by default: a placeholder token would be refused, and with it the schema.
const DEFAULT_HEADERS = JSON.stringify({ 'x-kezek-portal': 'astana' }, null, 2);

const DEFAULT_QUERY = `# Kezek GraphQL. Headers: x-kezek-portal (astana, almaty, aktobe, akmola-region, karaganda-region)
# and, once signed in (authChallenge → NCALayer → signIn), "authorization": "Bearer <accessToken>".
{
  kindergartens(regionId: "astana", withFreeSeats: true) {
    name
    address
    groups { groupYear language freeSeats }
  }
}
`;

const INIT = `
const root = ReactDOM.createRoot(document.getElementById('graphiql'));
root.render(React.createElement(GraphiQL, {
  fetcher: GraphiQL.createFetcher({ url: '/graphql' }),
  defaultHeaders: ${JSON.stringify(DEFAULT_HEADERS)},
  defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
  defaultEditorToolsVisibility: 'headers',
  shouldPersistHeaders: true,
}));
`;

const PAGE = `<!doctype html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <title>Kezek GraphQL</title>
  <link rel="stylesheet" href="/playground/graphiql.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
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

// Everything the page loads is same-origin; the CSP makes that a rule, not a habit.
const CSP =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'";

export function mountPlayground(app: Express): void {
  const files = Object.fromEntries(
    Object.entries(ASSETS).map(([name, a]) => [name, { body: packageFile(a.pkg, a.file), type: a.type }]),
  );
  files['init.js'] = { body: Buffer.from(INIT), type: 'text/javascript' };
  const page = (res: Response) => res.set('content-security-policy', CSP).type('html').send(PAGE);
  app.get('/playground', (_req, res) => page(res));
  app.get('/playground/:file', (req, res) => {
    const file = files[req.params.file];
    if (!file) return void res.sendStatus(404);
    res.set('cache-control', 'public, max-age=3600').type(file.type).send(file.body);
  });
  // A browser opening /graphql gets the playground; API clients (POST, or GET with a query) do not.
  app.get(['/', '/graphql'], (req, res, next) =>
    req.accepts(['json', 'html']) === 'html' && !req.query.query ? page(res) : next(),
  );
}
