import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REGISTER, ROOT } from '../dev/processes';

/** What a caller of an internal API loads: the definitions, the client and the tokens. */
const CLIENT_LIBS = ['@kezek/internal-api', '@kezek/identity-api', '@kezek/vacancies-api'];

/**
 * Every module a fresh Node process has loaded after requiring `libs` (require.cache, so
 * packages pulled in transitively count too).
 */
function loadedModules(libs: string[]): string[] {
  const script = `${libs.map((l) => `require(${JSON.stringify(l)});`).join('')}process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const out = execFileSync(process.execPath, ['-r', REGISTER, '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
}

// A fresh process with the TS hook takes seconds to boot, hence the timeouts.
describe('the internal API client libraries', () => {
  it('load no Nest, Apollo or TypeORM, and none of the server skeleton', () => {
    const loaded = loadedModules(CLIENT_LIBS);
    expect(loaded.some((m) => m.includes(join('libs', 'vacancies-api')))).toBe(true);
    expect(
      loaded.filter((m) => /[\\/]node_modules[\\/](@nestjs|@apollo|typeorm)[\\/]|[\\/]libs[\\/]subgraph[\\/]/.test(m)),
    ).toEqual([]);
  }, 30_000);

  it('is a check that can fail: the server side loads Nest', () => {
    expect(loadedModules(['@kezek/internal-api-server']).some((m) => m.includes(join('node_modules', '@nestjs')))).toBe(
      true,
    );
  }, 30_000);
});
