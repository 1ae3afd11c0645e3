import type { Server } from 'node:http';
import { DynamicModule, INestApplication, Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { ConfigError } from '@kezek/config';
import { requestErrorHandler, requireJsonBody } from '@kezek/errors';
import { keepCallersAlive } from '@kezek/graphql-http';
import { SERVICE_CONFIG, ServiceConfig } from './config';

/** The largest JSON body a process reads: signed XML and operators' CSV imports are larger than Express's 100 kB default. */
export const JSON_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

/** What every Kezek HTTP app needs whoever starts it (the process itself or a test). */
export function configureApp<A extends NestExpressApplication>(app: A): A {
  // Express hashes every answer for an ETag: answers to POSTs and JSON APIs are never revalidated.
  app.set('etag', false);
  // GraphQL and the internal APIs take JSON only: another body is refused before it is read.
  app.use(['/graphql', '/internal'], requireJsonBody());
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT_BYTES });
  // Registered here rather than by Nest's init, so that the handler below comes after it too.
  app.useBodyParser('urlencoded', { extended: true });
  // A body-parser refusal (malformed JSON, too large) answers in the GraphQL JSON shape, not
  // Express's HTML page with its stack; routes come later and answer through Nest's filters.
  const logger = new NestLogger('Http');
  app.use(requestErrorHandler((e) => logger.error(e)));
  return app;
}

/** How long a stopping process waits for the requests it has accepted to be answered. */
const DRAIN_MS = 10_000;

/**
 * Starts a process (subgraph or worker) on `PORT`. SIGTERM/SIGINT close it in order: HTTP drained,
 * workers (onModuleDestroy), queues (beforeApplicationShutdown), then Redis and PostgreSQL.
 */
export async function bootstrap(module: () => DynamicModule): Promise<INestApplication> {
  try {
    // The module is built inside the try: building it validates the configuration.
    const app = configureApp(await NestFactory.create<NestExpressApplication>(module(), { bufferLogs: true }));
    app.useLogger(app.get(Logger));
    // Our own signal handling rather than enableShutdownHooks: Nest re-raises the signal right
    // after its hooks, which kills the process before the last log lines are written.
    let closing = false;
    const shutdown = async () => {
      if (closing) return;
      closing = true;
      // Drain first: refuse new connections and answer the requests already accepted (at most
      // DRAIN_MS) while every module still works; then close the modules in order.
      const server = app.getHttpServer() as Server;
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, DRAIN_MS);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
      });
      await app.close(); // workers (onModuleDestroy), queues (beforeApplicationShutdown), then connections
      process.stdout.write('', () => process.exit(0));
    };
    // Every signal, not once: a second SIGTERM during a slow drain must not kill the process mid-shutdown.
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
    // Started by `npm start` or a test: stop in order when that parent goes away, even if it crashed.
    if (process.connected) process.once('disconnect', shutdown);
    const config = app.get<ServiceConfig>(SERVICE_CONFIG);
    keepCallersAlive(app.getHttpServer() as Server);
    await app.listen(config.PORT, process.env.HOST ?? '0.0.0.0');
    app.get(Logger).log(`${config.service.name} ${config.service.role} listening on ${await app.getUrl()}`);
    return app;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
}
