import {
  AwaitingRequest,
  ClaimRequest,
  ClaimsApi,
  CommitRequest,
  EnrolRequest,
  HoldRequest,
  ReleaseRequest,
} from '@kezek/vacancies-api';
import { InternalApiController, InternalBody, InternalRoute } from '@kezek/internal-api-server';
import { ClaimService } from './claim.service';

/**
 * The claims API for the queue service (@kezek/vacancies-api). Served by the vacancies API
 * process but outside the graph: the gateway proxies only /graphql, so portals never reach it.
 */
@InternalApiController()
export class ClaimController {
  constructor(private readonly claims: ClaimService) {}

  @InternalRoute(ClaimsApi.hold)
  hold(@InternalBody(ClaimsApi.hold) body: HoldRequest) {
    return this.claims.hold(body);
  }

  @InternalRoute(ClaimsApi.claim)
  claim(@InternalBody(ClaimsApi.claim) body: ClaimRequest) {
    return this.claims.claim(body);
  }

  @InternalRoute(ClaimsApi.commit)
  commit(@InternalBody(ClaimsApi.commit) body: CommitRequest) {
    return this.claims.commit(body);
  }

  @InternalRoute(ClaimsApi.release)
  release(@InternalBody(ClaimsApi.release) body: ReleaseRequest) {
    return this.claims.release(body);
  }

  @InternalRoute(ClaimsApi.awaiting)
  awaiting(@InternalBody(ClaimsApi.awaiting) body: AwaitingRequest) {
    return this.claims.awaiting(body);
  }

  @InternalRoute(ClaimsApi.enrol)
  enrol(@InternalBody(ClaimsApi.enrol) body: EnrolRequest) {
    return this.claims.enrol(body);
  }
}
