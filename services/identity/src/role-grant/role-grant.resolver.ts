import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { z } from 'zod';
import { byGroup, Ctx, RequestContext, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { Role } from './models/role.enum';
import { RoleGrantAction, RoleGrantChange } from './models/role-grant-change.model';
import { RoleGrant } from './role-grant.entity';
import { RoleGrantService } from './role-grant.service';

@Resolver(() => RoleGrant)
export class RoleGrantResolver {
  constructor(private readonly grants: RoleGrantService) {}

  @Query(() => [RoleGrant], {
    description:
      "ADMIN: every grant; DISTRICT_OPERATOR: the KINDERGARTEN_STAFF grants of kindergartens in the operator's regions (those they may change). Live ones unless includeRevoked; newest first, at most 1,000; each with its audit trail.",
  })
  roleGrants(
    @Ctx() ctx: RequestContext,
    @Args('role', { type: () => Role, nullable: true }) role?: Role | null,
    @Args('includeRevoked', { type: () => Boolean, nullable: true }) includeRevoked?: boolean | null,
  ): Promise<RoleGrant[]> {
    const actor = requirePrincipal(ctx, Role.ADMIN, Role.DISTRICT_OPERATOR);
    return this.grants.list(actor, { role: role ?? undefined, includeRevoked: includeRevoked ?? false });
  }

  @ResolveField(() => [RoleGrantChange], {
    description: 'Who granted, changed and revoked it, when and why; oldest first',
  })
  async changes(@Parent() grant: RoleGrant, @Ctx() ctx: RequestContext): Promise<RoleGrantChange[]> {
    const audit = await ctx.loaders
      .get(
        'roleGrantChanges',
        byGroup(
          (ids: string[]) => this.grants.changes(ids),
          (a) => a.grantId,
        ),
      )
      .load(grant.id);
    return (audit ?? []).map((a) => ({
      action: a.action as RoleGrantAction,
      actor: a.actor,
      at: a.at,
      reason: a.reason,
      ...a.grantState,
    }));
  }

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
