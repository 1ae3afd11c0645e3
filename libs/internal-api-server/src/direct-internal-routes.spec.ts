import { request as httpRequest } from 'node:http';
import {
  Controller,
  Get,
  Global,
  Headers,
  INestApplication,
  MiddlewareConsumer,
  Module,
  NestModule,
  Req,
  RequestMethod,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { z } from 'zod';
import { Clock, ManualClock } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { defineInternalEndpoint, ServiceAudience, ServiceTokenSigner } from '@kezek/internal-api';
import { createLogger, requestLogging } from '@kezek/logging';
import { configureApp, REQUEST_LOGGING, SERVICE_CONFIG } from '@kezek/service-runtime';
import { internalApiAuth } from './direct-internal-routes';
import { InternalApiController, InternalBody, InternalRequest, InternalRoute } from './internal-api.server';

const SECRET = 'direct-routes-test-secret-0123456789abcdef';
const clock = new ManualClock('2026-03-02T05:00:00Z');
const lines: Array<Record<string, unknown>> = [];
const logger = createLogger({ service: 'test', role: 'api' }, 'debug', {
  write: (line: string) => void lines.push(JSON.parse(line)),
});

const endpoint = <P extends string>(path: P, status: 200 | 201 = 200) =>
  defineInternalEndpoint({
    audience: ServiceAudience.VacanciesInternal,
    method: 'POST',
    path: `/internal/test/${path}`,
    status,
    request: z.object({ n: z.number() }),
    response: z.object({}).passthrough(),
    refusals: ['NO_FREE_SEATS'],
  });
const Echo = endpoint('echo');
const Created = endpoint('created', 201);
const Headed = endpoint('headed');

@InternalApiController()
class TestController {
  @InternalRoute(Echo)
  echo(@Req() req: InternalRequest, @InternalBody(Echo) { n }: { n: number }) {
    if (n === 0) throw new DomainError('NO_FREE_SEATS');
    if (n < 0) throw new Error('boom');
    return { caller: req.caller, n };
  }

  @InternalRoute(Created)
  created(@InternalBody(Created) { n }: { n: number }) {
    return { n };
  }

  /** A header is more than the direct routes give: Express keeps this one. */
  @InternalRoute(Headed)
  headed(@Headers('x-extra') extra: string, @InternalBody(Headed) { n }: { n: number }) {
    return { extra, n };
  }
}

@Controller()
class PlainController {
  @Get('plain')
  plain() {
    return { plain: true };
  }
}

/** What CoreModule gives a service's modules, without PostgreSQL and Redis. */
@Global()
@Module({
  providers: [
    { provide: SERVICE_CONFIG, useValue: { INTERNAL_API_SECRET: SECRET } },
    { provide: Clock, useValue: clock },
    { provide: REQUEST_LOGGING, useValue: requestLogging(logger) },
  ],
  exports: [SERVICE_CONFIG, Clock, REQUEST_LOGGING],
})
class TestCore implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestLogging(logger)).forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}

@Module({
  imports: [TestCore],
  controllers: [TestController, PlainController],
  providers: internalApiAuth(ServiceAudience.VacanciesInternal),
})
class TestModule {}

type Answer = { status: number; type?: string; body: string; log?: Record<string, unknown> };

describe('internal endpoints answered straight from the HTTP server', () => {
  let app: INestApplication;
  let base: URL;
  let token: string;

  beforeAll(async () => {
    app = configureApp(await NestFactory.create<NestExpressApplication>(TestModule, { logger: false }));
    await app.listen(0, '127.0.0.1');
    base = new URL((await app.getUrl()).replace('[::1]', '127.0.0.1'));
    token = await new ServiceTokenSigner(SECRET, 'kezek-queue').sign(ServiceAudience.VacanciesInternal, clock.now());
  });
  afterAll(() => app.close());

  /**
   * POSTs `body`; `chunked` (no declared length) is a body the direct routes leave to Express, so
   * the same endpoint answers through Express: what the direct answer is compared with.
   */
  const post = (path: string, body: string, o: { token?: string; chunked?: boolean } = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const logged = lines.length;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      headers[o.chunked ? 'transfer-encoding' : 'content-length'] = o.chunked
        ? 'chunked'
        : String(Buffer.byteLength(body));
      const req = httpRequest(new URL(path, base), { method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          // The request line is written once the response closes.
          setImmediate(() =>
            resolve({
              status: res.statusCode!,
              type: res.headers['content-type'],
              body: Buffer.concat(chunks).toString(),
              log: lines.slice(logged).find((l) => l.msg === 'request completed' || l.msg === 'request errored'),
            }),
          ),
        );
      });
      req.on('error', reject);
      req.end(body);
    });

  /** The log line without what differs per request (ids, time) or per path (Express's own header). */
  const comparable = (log?: Record<string, unknown>) => {
    if (!log) return undefined;
    const { time: _t, requestId: _r, responseTime: _rt, req, res, err, ...rest } = log as Record<string, never>;
    const {
      'x-request-id': _id,
      'x-powered-by': _p,
      ...headers
    } = (res as { headers: Record<string, unknown> }).headers;
    return {
      ...rest,
      req: { method: req['method'], url: req['url'] },
      res: { statusCode: res['statusCode'], headers },
      err: err && { message: err['message'] },
    };
  };

  it('answers every case as Express answers it: status, body, content type and request log line', async () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['/internal/test/echo', '{"n":1}', token],
      ['/internal/test/echo', '{"n":1}', undefined],
      ['/internal/test/echo', '{"n":1}', 'not-a-token'],
      ['/internal/test/echo', '{"n":"one"}', token],
      ['/internal/test/echo', '{"n":0}', token],
      ['/internal/test/echo', '{"n":-1}', token],
      ['/internal/test/echo', '{"n":', token],
      ['/internal/test/echo', '"just a string"', token],
      ['/internal/test/created', '{"n":2}', token],
    ];
    for (const [path, sent, t] of cases) {
      const direct = await post(path, sent, { token: t });
      const express = await post(path, sent, { token: t, chunked: true });
      expect({ path, sent, ...direct, log: comparable(direct.log) }).toEqual({
        path,
        sent,
        ...express,
        log: comparable(express.log),
      });
    }
    expect(await post('/internal/test/echo', '{"n":1}', { token })).toMatchObject({
      status: 200,
      body: '{"caller":"kezek-queue","n":1}',
    });
    // As through Express: a refusal has its line; a body body-parser refused has none.
    expect((await post('/internal/test/echo', '{"n":1}')).log).toMatchObject({ level: 40, res: { statusCode: 401 } });
    expect((await post('/internal/test/echo', '{"n":', { token })).log).toBeUndefined();
    expect((await post('/internal/test/created', '{"n":2}', { token })).status).toBe(201);
    expect(JSON.parse((await post('/internal/test/echo', '{"n":0}', { token })).body)).toMatchObject({
      code: 'NO_FREE_SEATS',
    });
    expect(JSON.parse((await post('/internal/test/echo', '{"n":1}')).body)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(JSON.parse((await post('/internal/test/echo', '{"n":"one"}', { token })).body)).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  describe('with Express unable to answer anything', () => {
    let handle: unknown;
    beforeAll(() => {
      const express = app.getHttpAdapter().getInstance() as { handle: unknown };
      handle = express.handle;
      express.handle = (_req: unknown, res: { statusCode: number; end(t: string): void }) => {
        res.statusCode = 599;
        res.end('express');
      };
    });
    afterAll(() => void ((app.getHttpAdapter().getInstance() as { handle: unknown }).handle = handle));

    it('still answers the internal endpoints, refusals included', async () => {
      expect(await post('/internal/test/echo', '{"n":3}', { token })).toMatchObject({
        status: 200,
        body: '{"caller":"kezek-queue","n":3}',
      });
      expect((await post('/internal/test/echo', '{"n":3}', { token: 'x' })).status).toBe(401);
      expect((await post('/internal/test/echo', '{"n":', { token })).status).toBe(400);
      expect((await post('/internal/test/echo', '{"n":0}', { token })).status).toBe(409);
    });

    it('leaves everything else to Express: other paths, other bodies, handlers that take more', async () => {
      expect((await fetch(new URL('/plain', base))).status).toBe(599);
      expect((await post('/internal/test/echo', '{"n":3}', { token, chunked: true })).status).toBe(599);
      expect((await post('/internal/test/headed', '{"n":3}', { token })).status).toBe(599);
      expect((await post('/internal/test/unknown', '{"n":3}', { token })).status).toBe(599);
    });
  });

  it('serves a handler that takes more than @Req() and @InternalBody through Express, as before', async () => {
    expect((await post('/internal/test/headed', '{"n":4}', { token })).body).toBe('{"n":4}');
    expect((await fetch(new URL('/plain', base))).status).toBe(200);
  });
});
