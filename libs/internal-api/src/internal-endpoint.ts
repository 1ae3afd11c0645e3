import { z } from 'zod';
import { ErrorCode } from '@kezek/errors';
import { ServiceAudience } from './service-token';

/**
 * What any internal endpoint may refuse with besides its own refusals: a missing or foreign service
 * token, and a body outside its request schema.
 */
export const PLUMBING_REFUSALS = ['UNAUTHENTICATED', 'VALIDATION_FAILED'] as const satisfies readonly ErrorCode[];

/**
 * One endpoint of an internal HTTP API, the single place both sides read: the server routes and
 * validates with it (@kezek/internal-api-server), the client calls it (`InternalApiClient.call`).
 */
export interface InternalEndpoint<Req extends z.ZodTypeAny = z.ZodTypeAny, Res extends z.ZodTypeAny = z.ZodTypeAny> {
  /** The API's audience: the client's token is minted for it, the server's guard checks it. */
  audience: ServiceAudience;
  method: 'POST';
  path: `/internal/${string}`;
  /** The status of an answer. */
  status: 200 | 201;
  request: Req;
  response: Res;
  /** Codes it may refuse with (plumbing's included); the client takes any other as a failure. */
  refusals: readonly ErrorCode[];
}

export type InternalRequestOf<E extends InternalEndpoint> = z.input<E['request']>;
/** What the server's handler may return: the response schema's input (a Date before JSON, say). */
export type InternalAnswerOf<E extends InternalEndpoint> = z.input<E['response']>;

export function defineInternalEndpoint<Req extends z.ZodTypeAny, Res extends z.ZodTypeAny>(
  definition: Omit<InternalEndpoint<Req, Res>, 'status'> & { status?: InternalEndpoint['status'] },
): InternalEndpoint<Req, Res> {
  return { status: 200, ...definition, refusals: [...PLUMBING_REFUSALS, ...definition.refusals] };
}
