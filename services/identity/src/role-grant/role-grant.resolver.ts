import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { z } from 'zod';
import { Ctx, RequestContext, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { Role } from './models/role.enum';
import { RoleGrant } from './role-grant.entity';
import { RoleGrantService } from './role-grant.service';

@Resolver(() => RoleGrant)
export class RoleGrantResolver {
  constructor(private readonly grants: RoleGrantService) {}

  @Mutation(() => RoleGrant, {
    description:
      "ADMIN: any role; DISTRICT_OPERATOR: KINDERGARTEN_STAFF of kindergartens in the operator's regions, replacing the kindergartens of a live staff grant only if they all lie there too. Kindergartens must be in the registry. Audited. CONFLICT: the grant changed meanwhile, try again.",
  })
  grantRole(
    @Ctx() ctx: RequestContext,
    @Args('iin') iin: string,
    @Args('role', { type: () => Role }) role: Role,
    @Args('reason') reason: string,
    @Args('bin', { nullable: true, type: () => String }) bin?: string | null,
    @Args('kindergartenIds', { nullable: true, type: () => [String] }) kindergartenIds?: string[] | null,
    @Args('regionIds', { nullable: true, type: () => [String] }) regionIds?: string[] | null,
  ): Promise<RoleGrant> {
    const actor = requirePrincipal(ctx, Role.ADMIN, Role.DISTRICT_OPERATOR);
    return this.grants.grant(actor, {
      iin,
      role,
      reason,
      bin,
      kindergartenIds: kindergartenIds ?? undefined,
      regionIds: regionIds ?? undefined,
    });
  }

  @Mutation(() => RoleGrant, {
    description:
      "Revokes a grant (audited); revoking twice changes nothing. ADMIN: any grant; DISTRICT_OPERATOR: KINDERGARTEN_STAFF grants whose kindergartens all lie in the operator's regions. CONFLICT: the grant changed meanwhile, try again.",
  })
  revokeRole(
    @Ctx() ctx: RequestContext,
    @Args('grantId', { type: () => ID }) grantId: string,
    @Args('reason') reason: string,
  ): Promise<RoleGrant> {
    const actor = requirePrincipal(ctx, Role.ADMIN, Role.DISTRICT_OPERATOR);
    const input = validateInput(z.object({ grantId: z.string().uuid(), reason: z.string().trim().min(3).max(500) }), {
      grantId,
      reason,
    });
    return this.grants.revoke(actor, input.grantId, input.reason);
  }
}
