import { Body, Controller, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import { validate } from '@kezek/subgraph';
import { claimRequest, commitRequest, confirmRequest, holdRequest, releaseRequest } from './claim.schemas';
import { ClaimService } from './claim.service';
import { InternalApiErrorFilter, InternalAuthGuard } from '@kezek/service-auth';

/**
 * The claims API for the queue service. Served by the vacancies API process but outside the
 * graph: the gateway proxies only /graphql, so portals never reach it.
 */
@Controller('internal/claims')
@UseGuards(InternalAuthGuard)
@UseFilters(InternalApiErrorFilter)
export class ClaimController {
  constructor(private readonly claims: ClaimService) {}

  @Post('hold')
  @HttpCode(200)
  hold(@Body() body: unknown) {
    return this.claims.hold(validate(holdRequest, body));
  }

  @Post('claim')
  @HttpCode(200)
  claim(@Body() body: unknown) {
    return this.claims.claim(validate(claimRequest, body));
  }

  @Post('commit')
  @HttpCode(200)
  commit(@Body() body: unknown) {
    return this.claims.commit(validate(commitRequest, body));
  }

  @Post('release')
  @HttpCode(200)
  release(@Body() body: unknown) {
    return this.claims.release(validate(releaseRequest, body));
  }

  @Post('confirm')
  @HttpCode(200)
  confirm(@Body() body: unknown) {
    return this.claims.enrol(validate(confirmRequest, body));
  }
}
