import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { redactUrl, scrubAttributes } from './scrub';
import { serviceNameOf } from './start';

const ROOT = join(__dirname, '../../..');

/** What a process that imported `@kezek/tracing/register` first then loaded pg and http has loaded and patched. */
function afterRegister(env: NodeJS.ProcessEnv): { otel: number; pgPatched: boolean; httpPatched: boolean } {
  const probe = `
    require('@kezek/tracing/register');
    const pg = require('pg');
    const http = require('node:http');
    console.log(JSON.stringify({
      otel: Object.keys(require.cache).filter((k) => k.includes('@opentelemetry')).length,
      pgPatched: Boolean(pg.Client.prototype.query.__wrapped),
      httpPatched: Boolean(http.request.__wrapped),
    }));`;
  const { OTEL_EXPORTER_OTLP_ENDPOINT: _unset, ...base } = process.env;
  const out = execFileSync(process.execPath, ['-r', join(ROOT, 'infra', 'register.js'), '-e', probe], {
    cwd: ROOT,
    env: { ...base, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

describe('tracing', () => {
  it('loads and patches nothing while OTEL_EXPORTER_OTLP_ENDPOINT is unset', () => {
    expect(afterRegister({})).toEqual({ otel: 0, pgPatched: false, httpPatched: false });
  }, 30_000);

  it('instruments http and pg once the endpoint is set', () => {
    const on = afterRegister({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    expect(on).toMatchObject({ pgPatched: true, httpPatched: true });
    expect(on.otel).toBeGreaterThan(0);
  }, 30_000);

  it('names a process after its entry script', () => {
    expect(serviceNameOf('/srv/kezek/services/queue/src/worker.ts')).toBe('queue-worker');
    expect(serviceNameOf('/srv/kezek/services/identity/src/main.ts')).toBe('identity');
    expect(serviceNameOf('/srv/kezek/gateway/src/main.ts')).toBe('gateway');
  });

  it("keeps a URL's route and drops its query and token-like segments", () => {
    expect(redactUrl('http://127.0.0.1:4000/documents/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx.pdf?lang=kk')).toBe(
      'http://127.0.0.1:4000/documents/:redacted',
    );
    expect(redactUrl('/internal/applications/facts#x')).toBe('/internal/applications/facts');
    expect(redactUrl('/graphql?variables={"iin":"1"}')).toBe('/graphql');
  });

  it('masks IINs and bearer tokens in any attribute and drops url.query', () => {
    const scrubbed = scrubAttributes({
      'db.statement': "SELECT 1 FROM queue.application WHERE child_iin = '150412500731'",
      'http.request.header.authorization': 'Bearer abc.def.ghi',
      'url.full': 'http://queue:3002/internal/x?iin=150412500731',
      'url.query': 'iin=150412500731',
      'http.status_code': 200,
    });
    expect(scrubbed).toEqual({
      'db.statement': "SELECT 1 FROM queue.application WHERE child_iin = '************'",
      'http.request.header.authorization': 'Bearer ***',
      'url.full': 'http://queue:3002/internal/x',
      'http.status_code': 200,
    });
  });
});
