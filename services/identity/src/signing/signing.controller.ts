import { Req } from '@nestjs/common';
import { PrepareSigningRequest, SigningRequestsApi, SubmitSigned } from '@kezek/identity-api';
import { InternalApiController, InternalBody, InternalRequest, InternalRoute } from '@kezek/internal-api-server';
import { SigningService } from './signing.service';

/**
 * The signing API other services call through @kezek/identity-api. Served by identity's API
 * process outside the graph: the gateway proxies only /graphql, so portals never reach it.
 */
@InternalApiController()
export class SigningController {
  constructor(private readonly signing: SigningService) {}

  @InternalRoute(SigningRequestsApi.prepare)
  prepare(@Req() req: InternalRequest, @InternalBody(SigningRequestsApi.prepare) body: PrepareSigningRequest) {
    return this.signing.prepare(req.caller!, body);
  }

  @InternalRoute(SigningRequestsApi.submit)
  submit(@Req() req: InternalRequest, @InternalBody(SigningRequestsApi.submit) body: SubmitSigned) {
    return this.signing.submit(req.caller!, body);
  }
}
