import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

interface Probe {
  file: string;
  from: string;
}
const probe = (file: string, from: string): Probe => ({ file, from });

// Each probe is a would-be file importing one module; the groups name what the rule must decide.
const PROBES = {
  serviceToService: [
    probe('services/queue/src/probe.ts', '@kezek/identity/src/data-source'),
    probe('services/queue/src/probe.ts', '../../vacancies/src/data-source'),
    // Test code may use dev libraries, never another service.
    probe('services/queue/test/probe.ts', '@kezek/identity/src/data-source'),
  ],
  libOrGatewayToService: [
    probe('libs/jobs/src/probe.ts', '@kezek/queue/src/data-source'),
    probe('gateway/src/probe.ts', '@kezek/queue/src/data-source'),
  ],
  // Dev libraries: the test CA, the NCALayer stand-in, test helpers and demo data.
  productionToDevLib: [
    probe('services/queue/src/probe.ts', '@kezek/demo'),
    probe('services/queue/src/probe.ts', '../../../libs/demo/src'),
    probe('services/identity/src/eds/probe.ts', '@kezek/dev-pki'),
    probe('services/vacancies/src/cli.ts', '@kezek/testing'),
    probe('gateway/src/probe.ts', '@kezek/ncalayer-emulator'),
    probe('libs/eds/src/probe.ts', '@kezek/dev-pki'),
  ],
  devCodeToDevLib: [
    probe('services/queue/test/probe.ts', '@kezek/testing'),
    probe('services/identity/src/eds/probe.spec.ts', '@kezek/dev-pki'),
    probe('services/queue/src/probe.integration-spec.ts', '@kezek/testing'),
    probe('gateway/src/probe.e2e-spec.ts', '@kezek/demo'),
    probe('services/vacancies/bench/probe.ts', '@kezek/testing'),
    probe('services/queue/src/demo/probe.ts', '@kezek/demo'),
    probe('libs/outbox/test/probe.integration-spec.ts', '@kezek/testing'),
    probe('libs/ncalayer-emulator/src/probe.ts', '@kezek/dev-pki'),
  ],
  serviceToLib: [probe('services/queue/src/probe.ts', '@kezek/clock')],
};
type Group = keyof typeof PROBES;

// ESLint runs as its own process (its ESM config cannot load inside jest's module sandbox), once
// for every probe: each start costs seconds.
const LINT = `
import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
const eslint = new ESLint();
const out = [];
for (const { file, from } of JSON.parse(readFileSync(0, 'utf8'))) {
  const [r] = await eslint.lintText(\`import * as m from '\${from}';\\nexport const x = m;\\n\`, { filePath: file });
  out.push(r.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message));
}
process.stdout.write(JSON.stringify(out));
`;

/** The module-boundary rule must constrain, not merely be configured (it silently skips without a project graph). */
describe('module boundaries', () => {
  const errors = {} as Record<Group, string[][]>;

  beforeAll(() => {
    execFileSync(join(root, 'node_modules', '.bin', 'nx'), ['show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
    const groups = Object.keys(PROBES) as Group[];
    const all = groups.flatMap((g) => PROBES[g]);
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', LINT], {
      cwd: root,
      input: JSON.stringify(all),
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`eslint: ${run.stderr}`);
    const results = JSON.parse(run.stdout) as string[][];
    for (const g of groups) errors[g] = results.splice(0, PROBES[g].length);
  }, 120_000);

  /** The probes of a group the rule let through (or, with `allowed`, refused), with its messages. */
  const misjudged = (group: Group, expected: 'refused' | 'allowed') =>
    PROBES[group]
      .map((p, i) => ({ ...p, errors: errors[group][i] }))
      .filter((p) => p.errors.length > 0 !== (expected === 'refused'));

  it('refuses a service importing another service, also from test code', () => {
    expect(misjudged('serviceToService', 'refused')).toEqual([]);
  });

  it('refuses a library or the gateway importing a service', () => {
    expect(misjudged('libOrGatewayToService', 'refused')).toEqual([]);
  });

  it('refuses production code importing a dev library', () => {
    expect(misjudged('productionToDevLib', 'refused')).toEqual([]);
  });

  it('lets tests, benchmarks, demo seeding and the dev libraries themselves use dev libraries', () => {
    expect(misjudged('devCodeToDevLib', 'allowed')).toEqual([]);
  });

  it('lets a service use shared libraries', () => {
    expect(misjudged('serviceToLib', 'allowed')).toEqual([]);
  });
});
