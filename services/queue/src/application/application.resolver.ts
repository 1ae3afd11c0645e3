import { Args, ID, Int, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { z } from 'zod';
import { byGroup, Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { Referral } from '../referral/referral.entity';
import { Application } from './application.entity';
import { applicationLoader } from './application.loader';
import { PositionRepository, QueuePosition } from '../position/position.repository';
import { ApplicationService } from './application.service';
import { HistoryEntry } from './history-entry.entity';
import { journalArgs } from './journal.schema';
import { ApplicationFilter } from './models/application-filter.input';
import { ApplicationOrder } from './models/application-order.input';
import { ApplicationPage } from './models/application-page.model';
import { canSeeApplication } from './visibility.rules';

const lookupInput = z
  .object({ id: z.string().uuid().optional(), number: z.string().min(1).max(64).optional() })
  .refine((v) => (v.id ? 1 : 0) + (v.number ? 1 : 0) === 1, 'give exactly one of id or number');

@Resolver(() => Application)
export class ApplicationResolver {
  constructor(
    private readonly applications: ApplicationService,
    private readonly positions: PositionRepository,
  ) {}

  @Query(() => ApplicationPage, {
    description:
      'Журнал заявлений: the applications the caller may see, filtered and sorted (default CREATED_AT DESC). ' +
      'totalCount is counted on the first page; later pages carry it in their cursor.',
  })
  async myApplications(
    @Ctx() ctx: RequestContext,
    @Args('filter', { type: () => ApplicationFilter, nullable: true }) filter?: ApplicationFilter,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
    @Args('orderBy', { type: () => ApplicationOrder, nullable: true }) orderBy?: ApplicationOrder,
  ): Promise<ApplicationPage> {
    const principal = requirePrincipal(ctx);
    const portal = requirePortal(ctx);
    const args = validateInput(journalArgs, {
      filter: filter ?? undefined,
      first: first ?? undefined,
      after: after ?? undefined,
      orderBy: orderBy ?? undefined,
    });
    return this.applications.journal(principal, portal, args);
  }

  @Query(() => Application, { nullable: true })
  async application(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID, nullable: true }) id?: string,
    @Args('number', { nullable: true }) number?: string,
  ): Promise<Application | null> {
    const principal = requirePrincipal(ctx);
    const portal = requirePortal(ctx);
    const where = validateInput(lookupInput, { id: id ?? undefined, number: number ?? undefined });
    const app = await this.applications.findOne(portal, where);
    // Someone else's application is reported as absent, so numbers cannot be probed.
    return app && canSeeApplication(principal, portal, app) ? app : null;
  }

  @ResolveField(() => Int, {
    nullable: true,
    description:
      "Position in the queue of its area and group year; a referral's holder sees the place a revocation returns it to; null once enrolled, withdrawn or removed",
  })
  async queueNumber(@Parent() app: Application, @Ctx() ctx: RequestContext): Promise<number | null> {
    return (await this.position(app, ctx))?.queueNumber ?? null;
  }

  @ResolveField(() => Int, {
    nullable: true,
    description: 'Position within its privilege category; 0 without a privilege',
  })
  async privilegedQueueNumber(@Parent() app: Application, @Ctx() ctx: RequestContext): Promise<number | null> {
    return (await this.position(app, ctx))?.privilegedQueueNumber ?? null;
  }

  @ResolveField(() => [HistoryEntry], { description: 'История изменений (R21)' })
  async history(@Parent() app: Application, @Ctx() ctx: RequestContext): Promise<HistoryEntry[]> {
    const loader = ctx.loaders.get(
      'history',
      byGroup(
        (ids: string[]) => this.applications.historyOf(ids),
        (h) => h.applicationId,
      ),
    );
    return (await loader.load(app.id)) ?? [];
  }

  @ResolveField(() => [Referral])
  async referrals(@Parent() app: Application, @Ctx() ctx: RequestContext): Promise<Referral[]> {
    const loader = ctx.loaders.get(
      'referralsOfApplication',
      byGroup(
        (ids: string[]) => this.applications.referralsOf(ids),
        (r) => r.applicationId,
      ),
    );
    return (await loader.load(app.id)) ?? [];
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }, ctx: RequestContext): Promise<Application | null> {
    const principal = requirePrincipal(ctx);
    const portal = requirePortal(ctx);
    const app = await applicationLoader(ctx, this.applications).load(ref.id);
    return app && canSeeApplication(principal, portal, app) ? app : null;
  }

  /** Both position fields of every application in the response come from one query. */
  private position(app: Application, ctx: RequestContext) {
    return ctx.loaders
      .get<string, QueuePosition>('position', async (ids) => {
        const positions = await this.positions.positionsOf(ids);
        return ids.map((id) => positions.get(id) ?? null);
      })
      .load(app.id);
  }
}
