import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGISTER } from '../dev/processes';

/** infra/register.js: TypeScript runs, and a stack names the TypeScript line, transformed or read from the cache. */
describe('node -r infra/register.js', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-register-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a TypeScript file and its stack points at the TypeScript line, on the first start and from the cache', () => {
    const file = join(dir, 'thrower.ts');
    // New content each run: the first start transforms it, the second reads the cache.
    // A decorated class: swc puts its helpers first, so the JavaScript's lines are not the TypeScript's.
    writeFileSync(
      file,
      `// ${randomUUID()}\nconst mark = (): ClassDecorator => () => undefined;\n\n@mark()\nclass Reason {\n  constructor(readonly text: string) {}\n}\nthrow new Error(new Reason('boom').text);\n`,
    );
    for (const start of ['first', 'cached']) {
      const run = spawnSync(process.execPath, ['-r', REGISTER, file], { encoding: 'utf8' });
      expect({ start, status: run.status }).toEqual({ start, status: 1 });
      expect(run.stderr).toContain('Error: boom');
      expect(run.stderr).toContain(`${file}:8:7`);
    }
  });
});
