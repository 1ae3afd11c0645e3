import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@kezek/auth';
import { Ctx, LocalDate, RequestContext, requirePrincipal } from '@kezek/subgraph';
import { CalendarService } from './calendar.service';
import { HolidayKind } from './models/holiday-kind.enum';
import { TransferKind } from './models/transfer-kind.enum';
import { WorkingCalendarYear } from './models/working-calendar-year.model';

/** R2: anyone signed in reads the calendar; only an ADMIN changes it (it is national, not a portal's). */
@Resolver(() => WorkingCalendarYear)
export class WorkingCalendarResolver {
  constructor(private readonly calendar: CalendarService) {}

  @Query(() => WorkingCalendarYear, {
    nullable: true,
    description: 'The working-day calendar of a year (R2); null when nobody has loaded that year',
  })
  workingCalendar(@Ctx() ctx: RequestContext, @Args('year', { type: () => Int }) year: number) {
    requirePrincipal(ctx);
    return this.calendar.year({ year });
  }

  @Mutation(() => WorkingCalendarYear, {
    description: "ADMIN: sets the date's holiday (replacing the one it had); the year must be loaded",
  })
  setHoliday(
    @Ctx() ctx: RequestContext,
    @Args('date', { type: () => LocalDate }) date: string,
    @Args('nameKk') nameKk: string,
    @Args('nameRu') nameRu: string,
    @Args('nameEn') nameEn: string,
    @Args('kind', { type: () => HolidayKind }) kind: HolidayKind,
    @Args('confirmed') confirmed: boolean,
    @Args('reason', { description: 'Why (a decree, a correction); kept in the trail' }) reason: string,
    @Args('note', { nullable: true }) note?: string,
  ) {
    const admin = requirePrincipal(ctx, Role.ADMIN);
    return this.calendar.setHoliday(admin, {
      date,
      nameKk,
      nameRu,
      nameEn,
      kind,
      confirmed,
      reason,
      note: note ?? undefined,
    });
  }

  @Mutation(() => WorkingCalendarYear, {
    description:
      "ADMIN: records a decree's transfer day (DAY_OFF on a weekday, WORKING_DAY on a Saturday or Sunday), replacing the date's transfer",
  })
  setTransferDay(
    @Ctx() ctx: RequestContext,
    @Args('date', { type: () => LocalDate }) date: string,
    @Args('kind', { type: () => TransferKind }) kind: TransferKind,
    @Args('decree') decree: string,
    @Args('confirmed') confirmed: boolean,
    @Args('reason') reason: string,
    @Args('note', { nullable: true }) note?: string,
  ) {
    const admin = requirePrincipal(ctx, Role.ADMIN);
    return this.calendar.setTransferDay(admin, { date, kind, decree, confirmed, reason, note: note ?? undefined });
  }

  @Mutation(() => WorkingCalendarYear, { description: "ADMIN: removes the date's holiday and transfer entries" })
  removeCalendarDay(
    @Ctx() ctx: RequestContext,
    @Args('date', { type: () => LocalDate }) date: string,
    @Args('reason') reason: string,
  ) {
    const admin = requirePrincipal(ctx, Role.ADMIN);
    return this.calendar.removeDay(admin, { date, reason });
  }

  @Mutation(() => WorkingCalendarYear, {
    description:
      'ADMIN: loads a year not loaded yet from its decree: `data` is the year as JSON ' +
      '{ year, holidays, transferredDaysOff, transferredWorkingDays, sources, notes }',
  })
  loadCalendarYear(@Ctx() ctx: RequestContext, @Args('data') data: string, @Args('reason') reason: string) {
    const admin = requirePrincipal(ctx, Role.ADMIN);
    return this.calendar.loadYear(admin, { data, reason });
  }
}
