import type { IncomingMessage } from 'node:http';
import {
  applyDecorators,
  ArgumentsHost,
  Body,
  CanActivate,
  Catch,
  Controller,
  ExceptionFilter,
  ExecutionContext,
  HttpCode,
  HttpException,
  Injectable,
  Logger,
  PipeTransform,
  Provider,
  RequestMapping,
  RequestMethod,
  SetMetadata,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { bearerToken } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { z } from 'zod';
import { ErrorCode, errorExtensions, isConnectionFailure, isDomainError, refusalExtensions } from '@kezek/errors';
import {
  InternalAnswerOf,
  InternalApiCallerOptions,
  InternalEndpoint,
  internalApiEnv,
  ServiceTokenVerifier,
} from '@kezek/internal-api';
import { SERVICE_CONFIG, ServiceConfig } from '@kezek/service-runtime';
import { validateInput } from '@kezek/validation';

/** A request of an internal API, with the calling service the guard verified. */
export type InternalRequest = Request & { caller?: string };

/**
 * Only services holding INTERNAL_API_SECRET pass: a short-lived HS256 token for the audience of
 * the `ServiceTokenVerifier` the service provides (its own internal API).
 */
@Injectable()
export class InternalAuthGuard implements CanActivate {
  constructor(
    private readonly verifier: ServiceTokenVerifier,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.authenticate(context.switchToHttp().getRequest<InternalRequest>());
    return true;
  }

  /** Sets `req.caller` from its token, or refuses (UNAUTHENTICATED); also for the direct routes. */
  async authenticate(req: IncomingMessage & { caller?: string }): Promise<void> {
    req.caller = (await this.verifier.verify(bearerToken(req.headers.authorization), this.clock.now())).service;
  }
}

/**
 * What a module calling another service's internal API provides: its client, built from the
 * caller's configuration (`url`: the variable holding the called service's base URL, and
 * INTERNAL_API_SECRET) and clock.
 */
export function internalApiClient<C>(
  client: new (options: InternalApiCallerOptions) => C,
  caller: { url: string; service: string; timeoutMs?: number },
): Provider {
  return {
    provide: client,
    inject: [SERVICE_CONFIG, Clock],
    useFactory: (config: ServiceConfig<typeof internalApiEnv> & Record<string, unknown>, clock: Clock) =>
      new client({
        baseUrl: String(config[caller.url]),
        secret: config.INTERNAL_API_SECRET,
        service: caller.service,
        clock,
        timeoutMs: caller.timeoutMs,
      }),
  };
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  NO_FREE_SEATS: 409,
  INVALID_STATE: 409,
  CONFLICT: 409,
};

/**
 * Internal APIs answer refusals as `{ code, messages{kk,ru,en}, details?, message }` with a 4xx
 * (the calling service rethrows them as the same DomainError); a database connection that failed
 * is SERVICE_UNAVAILABLE with 503 (retry later); anything else is masked (and logged).
 */
export function internalErrorAnswer(
  error: unknown,
  log: (error: unknown) => void,
): { status: number; body: Record<string, unknown> } {
  if (isDomainError(error))
    return { status: STATUS[error.code] ?? 422, body: { ...refusalExtensions(error), message: error.message } };
  if (error instanceof HttpException && error.getStatus() < 500) {
    // Framework refusals before our code ran: an unparsable body, an unknown route.
    const code: ErrorCode = error.getStatus() === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
    return { status: error.getStatus(), body: { ...errorExtensions(code), message: error.message } };
  }
  log(error);
  if (isConnectionFailure(error)) return { status: 503, body: errorExtensions('SERVICE_UNAVAILABLE') };
  return { status: 500, body: errorExtensions('INTERNAL_SERVER_ERROR') };
}

/** Errors of internal endpoints served through Express, answered as internalErrorAnswer says. */
@Catch()
export class InternalApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('InternalApi');

  catch(error: unknown, host: ArgumentsHost): void {
    const { status, body } = internalErrorAnswer(error, (e) => this.logger.error(e));
    host.switchToHttp().getResponse<Response>().status(status).json(body);
  }
}

/** A controller of internal endpoints: service tokens checked, refusals in the internal APIs' shape. */
export function InternalApiController(): ClassDecorator {
  return applyDecorators(Controller(), UseGuards(InternalAuthGuard), UseFilters(InternalApiErrorFilter));
}

/** The endpoint a handler serves (InternalRoute): what the direct routes read. */
export const INTERNAL_ENDPOINT = 'kezek:internal-endpoint';

/**
 * Serves `endpoint` (its method, path and status) with the decorated handler, whose return type
 * the compiler holds to the endpoint's answer.
 */
export function InternalRoute<E extends InternalEndpoint>(endpoint: E) {
  const route = applyDecorators(
    RequestMapping({ method: RequestMethod[endpoint.method], path: endpoint.path }),
    HttpCode(endpoint.status),
    SetMetadata(INTERNAL_ENDPOINT, endpoint),
  );
  return <H extends (...args: never[]) => InternalAnswerOf<E> | Promise<InternalAnswerOf<E>>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ): void => route(target, key, descriptor);
}

export class RequestSchemaPipe implements PipeTransform {
  constructor(private readonly schema: z.ZodTypeAny) {}

  transform(body: unknown): unknown {
    return validateInput(this.schema, body);
  }
}

/** The body, validated with the endpoint's request schema (VALIDATION_FAILED, 400, otherwise). */
export function InternalBody(endpoint: InternalEndpoint): ParameterDecorator {
  return Body(new RequestSchemaPipe(endpoint.request));
}
