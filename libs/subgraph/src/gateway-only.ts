import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { GATEWAY_CREDENTIAL_HEADER, GatewayCredentialVerifier } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { isDomainError, refusalExtensions } from '@kezek/errors';

/**
 * Graph traffic only from the gateway: every request to `/graphql` carries the gateway's
 * credential for this subgraph or is refused here (401, a GraphQL error UNAUTHENTICATED), before
 * Apollo parses it and before any resolver runs. Health and the internal APIs are other paths.
 */
@Injectable()
export class GatewayOnlyMiddleware implements NestMiddleware {
  constructor(
    @Inject(GatewayCredentialVerifier) private readonly verifier: GatewayCredentialVerifier,
    private readonly clock: Clock,
  ) {}

  async use(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): Promise<void> {
    try {
      await this.verifier.verify(req.headers[GATEWAY_CREDENTIAL_HEADER], this.clock.now());
    } catch (e) {
      if (!isDomainError(e)) return next(e);
      res.statusCode = 401;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ errors: [{ message: e.message, extensions: refusalExtensions(e) }] }));
      return;
    }
    next();
  }
}
