import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Role } from '@kezek/auth';
import { Ctx, LocalDate, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { EnrolmentService } from './enrolment.service';
import { Referral } from './referral.entity';

@Resolver(() => Referral)
export class EnrolmentResolver {
  constructor(private readonly enrolment: EnrolmentService) {}

  @Mutation(() => Referral, {
    description:
      "R19: the staff of the referral's kindergarten enrol the child; the application closes (ENROLLED). For a referral issued under a privilege (R18) they confirm its documents' date: at most the portal policy's calendar days before the referral was requested. Enrolling an enrolled referral returns it unchanged.",
  })
  enrollChild(
    @Ctx() ctx: RequestContext,
    @Args('referralId', { type: () => ID }) referralId: string,
    @Args('privilegeDocumentsIssuedOn', { type: () => LocalDate, nullable: true })
    privilegeDocumentsIssuedOn?: string | null,
  ): Promise<Referral> {
    return this.enrolment.enrol(requirePrincipal(ctx, Role.KINDERGARTEN_STAFF), requirePortal(ctx), {
      referralId,
      privilegeDocumentsIssuedOn,
    });
  }

  @Mutation(() => Referral, {
    description:
      "R18: the staff of the referral's kindergarten refuse its privilege documents: the referral is cancelled (EXPIRED, PRIVILEGE_REFUSED), its seat freed, the child put on the stop-list (not counted as a missed referral, R17) and re-registered in the general queue under the next version of its number, at its filing instant's place (R5). Refusing again returns the referral unchanged.",
  })
  refusePrivilegeDocuments(
    @Ctx() ctx: RequestContext,
    @Args('referralId', { type: () => ID }) referralId: string,
    @Args('reason') reason: string,
  ): Promise<Referral> {
    return this.enrolment.refusePrivilegeDocuments(requirePrincipal(ctx, Role.KINDERGARTEN_STAFF), requirePortal(ctx), {
      referralId,
      reason,
    });
  }
}
