import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
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

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      await this.verifier.verify(req.headers[GATEWAY_CREDENTIAL_HEADER], this.clock.now());
    } catch (e) {
      if (!isDomainError(e)) return next(e);
      res.status(401).json({ errors: [{ message: e.message, extensions: refusalExtensions(e) }] });
      return;
    }
    next();
  }
}
