import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Role } from '@kezek/auth';
import { z } from 'zod';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { Group } from '../group/group.entity';
import { Kindergarten } from './kindergarten.entity';
import { GroupPatchInput } from './models/group-patch.input';
import { GroupInput } from './models/group.input';
import { KindergartenPatchInput } from './models/kindergarten-patch.input';
import { KindergartenInput } from './models/kindergarten.input';
import { given, groupFields, groupPatch, kindergartenFields, kindergartenPatch } from './registry.schema';
import { RegistryService } from './registry.service';

const uuid = z.string().uuid();

/** Operators (DISTRICT_OPERATOR of the region, ADMIN) keep the registry; a refusal changes nothing. */
@Resolver()
export class RegistryResolver {
  constructor(private readonly registry: RegistryService) {}

  private caller(ctx: RequestContext) {
    return { portal: requirePortal(ctx), principal: requirePrincipal(ctx, Role.DISTRICT_OPERATOR, Role.ADMIN) };
  }

  @Mutation(() => Kindergarten)
  createKindergarten(@Ctx() ctx: RequestContext, @Args('input') input: KindergartenInput): Promise<Kindergarten> {
    const { portal, principal } = this.caller(ctx);
    return this.registry.createKindergarten(
      principal,
      portal,
      validateInput(kindergartenFields, given(input, ['phone'])),
    );
  }

  @Mutation(() => Kindergarten)
  updateKindergarten(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: KindergartenPatchInput,
  ): Promise<Kindergarten> {
    const { portal, principal } = this.caller(ctx);
    return this.registry.updateKindergarten(
      principal,
      portal,
      validateInput(uuid, id),
      validateInput(kindergartenPatch, given(input, ['phone'])),
    );
  }

  @Mutation(() => Group)
  createGroup(@Ctx() ctx: RequestContext, @Args('input') input: GroupInput): Promise<Group> {
    const { portal, principal } = this.caller(ctx);
    return this.registry.createGroup(principal, portal, validateInput(groupFields, input));
  }

  @Mutation(() => Group, {
    description: 'Changes language or capacity; capacity never drops below the seats already published',
  })
  updateGroup(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: GroupPatchInput,
  ): Promise<Group> {
    const { portal, principal } = this.caller(ctx);
    return this.registry.updateGroup(
      principal,
      portal,
      validateInput(uuid, id),
      validateInput(groupPatch, given(input)),
    );
  }
}
