import 'reflect-metadata';
import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Clock, ManualClock } from '@kezek/clock';
import { HealthController, Readiness, RedisHealthIndicator } from './health';

describe('/health/ready', () => {
  let app: INestApplication;
  let url: string;
  let listener: { up: true } | { up: false; message: string } = { up: true };

  beforeAll(async () => {
    @Module({
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        Readiness,
        { provide: Clock, useValue: new ManualClock('2026-09-01T04:00:00Z') },
        // PostgreSQL and Redis answer: only the registered check decides.
        {
          provide: TypeOrmHealthIndicator,
          useValue: { pingCheck: async (key: string) => ({ [key]: { status: 'up' } }) },
        },
        {
          provide: RedisHealthIndicator,
          useValue: { isHealthy: async (key: string) => ({ [key]: { status: 'up' } }) },
        },
      ],
    })
    class HealthTestModule {}
    app = await NestFactory.create(HealthTestModule, { logger: false });
    app.get(Readiness).add('outboxListener', () => listener);
    await app.listen(0, '127.0.0.1');
    url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/health/ready`;
  });

  afterAll(() => app?.close());

  it('reports a registered check with PostgreSQL and Redis', async () => {
    listener = { up: true };
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { info: unknown }).info).toEqual({
      database: { status: 'up' },
      redis: { status: 'up' },
      outboxListener: { status: 'up' },
    });
  });

  it('is not ready while a registered check is down, and says which', async () => {
    listener = { up: false, message: 'connect ECONNREFUSED 127.0.0.1:5432' };
    const res = await fetch(url);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: unknown }).error).toEqual({
      outboxListener: { status: 'down', message: 'connect ECONNREFUSED 127.0.0.1:5432' },
    });
  });

  it("tells the process's time on /health/clock", async () => {
    const res = await fetch(url.replace(/ready$/, 'clock'));
    expect(await res.json()).toEqual({ now: '2026-09-01T09:00:00.000+05:00', manual: false });
  });
});
