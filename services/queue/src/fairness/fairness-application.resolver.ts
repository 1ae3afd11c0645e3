import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { positionLedger } from '@kezek/fairness';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { Application } from '../application/application.entity';
import { canSeeApplication, isApplicant } from '../application/visibility.rules';
import { ledgerPageInput } from './fairness.schema';
import { WaitForecast } from './forecast/models/wait-forecast.model';
import { WaitForecastService } from './forecast/wait-forecast.service';
import { PositionChange, PositionChangePage } from './ledger/models/position-change.model';
import { PositionLedgerRepository } from './ledger/position-ledger.repository';
import { PositionCause, positionEvent } from './ledger/position-ledger.rules';
import { AllocationLogService } from './log/allocation-log.service';

/** Fairness's fields of an application: why its number changed, its name in the public log, its forecast. */
@Resolver(() => Application)
export class FairnessApplicationResolver {
  constructor(
    private readonly ledger: PositionLedgerRepository,
    private readonly log: AllocationLogService,
    private readonly forecasts: WaitForecastService,
  ) {}

  @ResolveField(() => PositionChangePage, {
    description:
      'Why the queue number changed: every change with its cause, oldest first; `after` is a returned nextCursor',
  })
  async positionChanges(
    @Parent() app: Application,
    @Ctx() ctx: RequestContext,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<PositionChangePage> {
    const input = validateInput(ledgerPageInput, { first, after });
    if (!canSeeApplication(requirePrincipal(ctx), requirePortal(ctx), app))
      return { items: [], totalCount: 0, nextCursor: null, current: 0 };
    const { current, changes } = await this.ledger.changesAhead(app.id);
    const events = changes.flatMap((c) => positionEvent(c) ?? []);
    const all = positionLedger(events, current);
    const start = input.after ? Number(input.after) : 0;
    const items: PositionChange[] = all
      .slice(start, start + input.first)
      .map((c) => ({ ...c, at: new Date(c.at), cause: c.cause as PositionCause }));
    const next = start + items.length;
    return { items, totalCount: all.length, nextCursor: next < all.length ? String(next) : null, current };
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'For its applicants only: the name of this application in the portal’s public allocation log',
  })
  allocationLogPseudonym(@Parent() app: Application, @Ctx() ctx: RequestContext): Promise<string | null> | null {
    if (!isApplicant(requirePrincipal(ctx), app)) return null;
    return this.log.pseudonymOf(app.portalId, app.number);
  }

  @ResolveField(() => WaitForecast, {
    nullable: true,
    description:
      'While in the queue: when its turn may come (50% and 90%), from past seat publications and the children ahead',
  })
  waitForecast(@Parent() app: Application, @Ctx() ctx: RequestContext): Promise<WaitForecast | null> | null {
    if (!canSeeApplication(requirePrincipal(ctx), requirePortal(ctx), app)) return null;
    return this.forecasts.forecast(app);
  }
}
