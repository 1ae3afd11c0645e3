import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { httpLogOptions, logDestination, requestIdOf as requestIdOfRequest } from '@kezek/logging';

export function requestIdOf(req: IncomingMessage): string {
  // pino-http has already chosen the id (and echoed it); reuse it so logs and context agree.
  return (req as IncomingMessage & { id?: string }).id ?? requestIdOfRequest(req);
}

export function pinoParams(service: string, role: string, level: string, file?: string): Params {
  return { pinoHttp: [httpLogOptions({ service, role }, level), logDestination(file)] };
}
