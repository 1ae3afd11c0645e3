import { Args, ID, Int, Mutation, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Role } from '@kezek/auth';
import { z } from 'zod';
import { byKey, Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { Kindergarten } from '../kindergarten/kindergarten.entity';
import { kindergartenLoader } from '../kindergarten/kindergarten.loader';
import { KindergartenService } from '../kindergarten/kindergarten.service';
import { OpenSeats } from '../seat/seat.repository';
import { SeatService } from '../seat/seat.service';
import { Group } from './group.entity';

const publishInput = z.object({
  groupId: z.string().uuid(),
  count: z.number().int().min(1).max(500),
  requestId: z.string().min(1).max(128).optional(),
});

const NO_OPEN_SEATS: OpenSeats = { free: 0, awaiting: 0 };

@Resolver(() => Group)
export class GroupResolver {
  constructor(
    private readonly kindergartens: KindergartenService,
    private readonly seats: SeatService,
  ) {}

  @Mutation(() => Group, {
    description:
      'Publishes `count` more free seats in a group (DISTRICT_OPERATOR of its region, ADMIN). Without `requestId` every call publishes; ' +
      'a retry with the same `requestId` publishes nothing again and returns the group.',
  })
  async publishSeats(
    @Ctx() ctx: RequestContext,
    @Args('groupId', { type: () => ID }) groupId: string,
    @Args('count', { type: () => Int }) count: number,
    @Args('requestId', { type: () => ID, nullable: true }) requestId?: string,
  ): Promise<Group> {
    const portal = requirePortal(ctx);
    const principal = requirePrincipal(ctx, Role.DISTRICT_OPERATOR, Role.ADMIN);
    const input = validateInput(publishInput, { groupId, count, requestId: requestId ?? undefined });
    await this.seats.publish(principal, portal, input);
    const [group] = await this.kindergartens.findGroups([input.groupId]);
    return group;
  }

  @ResolveField(() => Kindergarten)
  kindergarten(@Parent() group: Group, @Ctx() ctx: RequestContext): Promise<Kindergarten | null> {
    return kindergartenLoader(ctx, this.kindergartens).load(group.kindergartenId);
  }

  @ResolveField(() => Int)
  async freeSeats(@Parent() group: Group, @Ctx() ctx: RequestContext): Promise<number> {
    return (await this.openSeats(group, ctx)).free;
  }

  @ResolveField(() => Int)
  async awaitingSeats(@Parent() group: Group, @Ctx() ctx: RequestContext): Promise<number> {
    return (await this.openSeats(group, ctx)).awaiting;
  }

  /** Both counts of every group in the answer, in one statement. */
  private async openSeats(group: Group, ctx: RequestContext): Promise<OpenSeats> {
    const loader = ctx.loaders.get<string, OpenSeats>('openSeats', async (ids) => {
      const open = await this.seats.openSeats([...ids]);
      return ids.map((id) => open.get(id) ?? NO_OPEN_SEATS);
    });
    return (await loader.load(group.id)) ?? NO_OPEN_SEATS;
  }

  @ResolveReference()
  resolveReference(ref: { id: string }, ctx: RequestContext): Promise<Group | null> {
    return ctx.loaders
      .get(
        'group',
        byKey(
          (ids: string[]) => this.kindergartens.findGroups(ids),
          (g) => g.id,
        ),
      )
      .load(ref.id);
  }
}
