import { spawn } from 'node:child_process';
import { createTestDatabase, testQueuePrefix, testRedisUrl } from '@kezek/testing';
import { REGISTER, ROOT, spawnProcess } from '../dev/processes';
import { freePort } from '../dev/stores';

/** Runs an entry point to its exit and returns the exit code and what it printed. */
function runToExit(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', REGISTER, script], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('process boot and shutdown', () => {
  const base = { PATH: process.env.PATH, NODE_ENV: 'test', AUTH_JWT_PUBLIC_KEY: process.env.AUTH_JWT_PUBLIC_KEY };

  it('refuses to boot on a bad environment, naming each variable (exit 78)', async () => {
    const run = await runToExit('services/queue/src/main.ts', {
      ...base,
      PORT: '0',
      DATABASE_URL: 'mysql://nowhere/kezek',
    });
    expect(run.code).toBe(78);
    expect(run.output).toMatch(/DATABASE_URL: must start with postgres/);
    expect(run.output).toMatch(/REDIS_URL: is required/);
    expect(run.output).toMatch(/GATEWAY_SECRET: is required/);
    const noRedis = await runToExit('gateway/src/main.ts', { ...base, PORT: '0', TRUST_PROXY: 'true' });
    expect(noRedis.code).toBe(78);
    expect(noRedis.output).toMatch(/REDIS_URL: is required/);
    expect(noRedis.output).toMatch(/TRUST_PROXY: must be off/);
    const gateway = await runToExit('gateway/src/main.ts', { ...base, PORT: '0', REDIS_URL: testRedisUrl() });
    expect(gateway.code).toBe(78);
    expect(gateway.output).toMatch(/GATEWAY_SECRET: is required/);
    const subgraphs = await runToExit('gateway/src/main.ts', {
      ...base,
      PORT: '0',
      REDIS_URL: testRedisUrl(),
      GATEWAY_SECRET: 'g'.repeat(32),
    });
    expect(subgraphs.code).toBe(78);
    expect(subgraphs.output).toMatch(/SUBGRAPH_IDENTITY_URL: is required/);
  });

  it('refuses the manual clock in production, in a service and in the gateway (exit 78)', async () => {
    const env = {
      ...base,
      NODE_ENV: 'production',
      CLOCK: 'manual',
      PORT: '0',
      DATABASE_URL: 'postgres://nowhere/kezek',
      REDIS_URL: testRedisUrl(),
      GATEWAY_SECRET: 'g'.repeat(32),
    };
    for (const script of ['services/vacancies/src/worker.ts', 'gateway/src/main.ts']) {
      const run = await runToExit(script, env);
      expect(run.code).toBe(78);
      expect(run.output).toMatch(/CLOCK: manual is refused with NODE_ENV=production/);
    }
  });

  it('stops a worker and an API on SIGTERM in order: workers, queues, then connections', async () => {
    const db = await createTestDatabase();
    try {
      const env = {
        ...base,
        DATABASE_URL: db.url,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: testQueuePrefix(),
        LOG_LEVEL: 'info',
        INTERNAL_API_SECRET: 'x'.repeat(32),
        GATEWAY_SECRET: 'g'.repeat(32),
      };
      for (const script of ['services/vacancies/src/worker.ts', 'services/vacancies/src/main.ts']) {
        // Each step with the instant pino stamped on it: under load lines may reach us out of order.
        const logged: Array<{ time: number; step: string }> = [];
        const onLine = (_: string, line: string) => {
          const step = /"msg":"shutdown: ([^"]+)"/.exec(line)?.[1];
          if (step) logged.push({ time: Number(/"time":(\d+)/.exec(line)?.[1]), step });
        };
        const p = await spawnProcess({
          name: script,
          script,
          port: await freePort(),
          env,
          healthPath: '/health/ready',
          onLine,
        });
        // 'close', not 'exit': it comes after the process's last output has been read.
        const exited = new Promise<number | null>((resolve) => p.child.once('close', (code) => resolve(code)));
        p.child.kill('SIGTERM');
        expect(await exited).toBe(0);
        const expected = script.endsWith('worker.ts') ? ['workers', 'queues', 'connections'] : ['connections'];
        // Each step names what it closed; a process may have several producers (vacancies' worker:
        // its processors' and the outbox relay's), so consecutive closes of one kind are one step.
        const steps = [...logged]
          .sort((a, b) => a.time - b.time)
          .map((l) => /^closed (?:\d+ )?(workers|queues|connections)$/.exec(l.step)?.[1] ?? l.step)
          .filter((kind, i, all) => kind !== all[i - 1]);
        expect(steps).toEqual(expected);
      }
    } finally {
      await db.drop();
    }
  });
});
