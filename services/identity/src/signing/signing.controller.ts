import { Body, Controller, HttpCode, Module, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { IDENTITY_INTERNAL_AUDIENCE, prepareSigningRequestBody, submitSignedBody } from '@kezek/signed-actions';
import { internalApiAuth, InternalApiErrorFilter, InternalAuthGuard, InternalRequest } from '@kezek/service-auth';
import { validateInput } from '@kezek/validation';
import { SigningService } from './signing.service';

/**
 * The signing API other services call through @kezek/signed-actions. Served by identity's API
 * process outside the graph: the gateway proxies only /graphql, so portals never reach it.
 */
@Controller('internal/signing-requests')
@UseGuards(InternalAuthGuard)
@UseFilters(InternalApiErrorFilter)
export class SigningController {
  constructor(private readonly signing: SigningService) {}

  @Post()
  @HttpCode(201)
  prepare(@Req() req: InternalRequest, @Body() body: unknown) {
    return this.signing.prepare(req.caller!, validateInput(prepareSigningRequestBody, body));
  }

  @Post('submit')
  @HttpCode(200)
  submit(@Req() req: InternalRequest, @Body() body: unknown) {
    return this.signing.submit(req.caller!, validateInput(submitSignedBody, body));
  }
}

@Module({
  controllers: [SigningController],
  providers: [SigningService, ...internalApiAuth(IDENTITY_INTERNAL_AUDIENCE)],
})
export class SigningModule {}
