import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@kezek/auth';
import { Ctx, RequestContext, requirePrincipal } from '@kezek/subgraph';
import { CalendarService } from './calendar.service';
import { CalendarChange } from './models/calendar-change.model';

@Resolver(() => CalendarChange)
export class CalendarChangeResolver {
  constructor(private readonly calendar: CalendarService) {}

  @Query(() => [CalendarChange], { description: "ADMIN: the working-day calendar's changes of a year, oldest first" })
  calendarChanges(@Ctx() ctx: RequestContext, @Args('year', { type: () => Int }) year: number) {
    requirePrincipal(ctx, Role.ADMIN);
    return this.calendar.changes({ year });
  }
}
