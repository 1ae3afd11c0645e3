import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** The module-boundary rule must constrain, not merely be configured (it silently skips without a project graph). */
describe('module boundaries', () => {
  beforeAll(() => {
    execFileSync(join(root, 'node_modules', '.bin', 'nx'), ['show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
  }, 60_000);

  // ESLint runs as its own process: its ESM config cannot load inside jest's module sandbox.
  const boundaryErrors = async (file: string, code: string) => {
    const run = spawnSync(
      join(root, 'node_modules', '.bin', 'eslint'),
      ['--stdin', '--stdin-filename', file, '--format', 'json'],
      { cwd: root, input: code, encoding: 'utf8' },
    );
    const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
    return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
  };

  it('refuses a service importing another service', async () => {
    expect(
      await boundaryErrors(
        'services/queue/src/probe.ts',
        `import { identityData } from '@kezek/identity/src/data-source';\nexport const x = identityData;\n`,
      ),
    ).not.toHaveLength(0);
    expect(
      await boundaryErrors(
        'services/queue/src/probe.ts',
        `import { vacanciesData } from '../../vacancies/src/data-source';\nexport const x = vacanciesData;\n`,
      ),
    ).not.toHaveLength(0);
  });

  it('refuses a library or the gateway importing a service', async () => {
    expect(
      await boundaryErrors(
        'libs/jobs/src/probe.ts',
        `import { queueData } from '@kezek/queue/src/data-source';\nexport const x = queueData;\n`,
      ),
    ).not.toHaveLength(0);
    expect(
      await boundaryErrors(
        'gateway/src/probe.ts',
        `import { queueData } from '@kezek/queue/src/data-source';\nexport const x = queueData;\n`,
      ),
    ).not.toHaveLength(0);
  });

  it('lets a service use shared libraries', async () => {
    expect(
      await boundaryErrors(
        'services/queue/src/probe.ts',
        `import { Clock } from '@kezek/clock';\nexport const x = Clock;\n`,
      ),
    ).toEqual([]);
  });
});
