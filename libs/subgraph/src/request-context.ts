import type { IncomingMessage } from 'node:http';
import DataLoader from 'dataloader';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AccessTokenVerifier, bearerToken, Principal, Role } from '@kezek/auth';
import { DomainError } from '@kezek/errors';
import { Portal, PORTAL_HEADER, Portals } from '@kezek/portals';
import { requestIdOf } from '@kezek/service-runtime';

/** Per-request DataLoaders, so `@ResolveReference` batches the gateway's `_entities` calls. */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(
    name: string,
    batch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error | null>>,
  ): DataLoader<K, V | null> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<K, V | null>(batch as never) as DataLoader<unknown, unknown>;
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V | null>;
  }
}

/** Builds a batch function that returns rows in key order (null where absent). */
export function byKey<K, V>(load: (keys: K[]) => Promise<V[]>, keyOf: (v: V) => K) {
  return async (keys: readonly K[]): Promise<(V | null)[]> => {
    const rows = await load([...keys]);
    const map = new Map(rows.map((r) => [keyOf(r), r]));
    return keys.map((k) => map.get(k) ?? null);
  };
}

/** Builds a batch function for one-to-many fields: each key gets its rows, in load order (empty where none). */
export function byGroup<K, V>(load: (keys: K[]) => Promise<V[]>, keyOf: (v: V) => K) {
  return async (keys: readonly K[]): Promise<V[][]> => {
    const groups = new Map<K, V[]>(keys.map((k) => [k, []]));
    for (const row of await load([...keys])) groups.get(keyOf(row))?.push(row);
    return keys.map((k) => groups.get(k)!);
  };
}

export interface RequestContext {
  /** Node's request: the gateway's ordinary calls never pass through Express (@kezek/graphql-http). */
  req: IncomingMessage;
  requestId: string;
  portal?: Portal;
  principal?: Principal;
  /** Why the bearer token was refused, surfaced only when a resolver needs a principal. */
  authError?: DomainError;
  loaders: Loaders;
}

export async function buildRequestContext(
  req: IncomingMessage,
  verifier: AccessTokenVerifier,
  portals: Portals,
  now: Date,
): Promise<RequestContext> {
  const ctx: RequestContext = { req, requestId: requestIdOf(req), loaders: new Loaders() };
  ctx.portal = portals.find(req.headers[PORTAL_HEADER]);
  const token = bearerToken(req.headers.authorization);
  if (token) {
    try {
      ctx.principal = await verifier.verify(token, now);
    } catch (e) {
      ctx.authError = e instanceof DomainError ? e : new DomainError('UNAUTHENTICATED');
    }
  }
  return ctx;
}

export function requirePortal(ctx: RequestContext): Portal {
  if (!ctx.portal) throw new DomainError('UNKNOWN_PORTAL');
  return ctx.portal;
}

export function requirePrincipal(ctx: RequestContext, ...roles: Role[]): Principal {
  if (ctx.authError) throw ctx.authError;
  if (!ctx.principal) throw new DomainError('UNAUTHENTICATED');
  if (roles.length > 0 && !roles.some((r) => ctx.principal!.roles.includes(r))) {
    throw new DomainError('FORBIDDEN', `needs one of ${roles.join(', ')}`);
  }
  return ctx.principal;
}

/** `@Ctx() ctx: RequestContext` in resolvers. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  return GqlExecutionContext.create(context).getContext<RequestContext>();
});
