import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
// nestjs-pino's request store: its loggers write through the one `requestLogging` binds.
import { storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import { createLogger, logDestination, requestIdOf as requestIdOfRequest, requestLogging } from '@kezek/logging';

export function requestIdOf(req: IncomingMessage): string {
  // requestLogging has already chosen the id (and echoed it); reuse it so logs and context agree.
  return (req as IncomingMessage & { id?: string }).id ?? requestIdOfRequest(req);
}

/** A process's logger, and the request logging that Nest's loggers (nestjs-pino) write through. */
export function processLogging(service: string, role: string, level: string, file?: string) {
  const logger: Logger = createLogger({ service, role }, level, logDestination(file));
  // nestjs-pino's own middleware (pino-http) made a child logger per request, written to or not.
  const params: Params = { pinoHttp: { logger }, forRoutes: [] };
  const middleware = requestLogging(logger, (log, next) => storage.run(log as never, next));
  return { params, middleware };
}
