import { Module } from '@nestjs/common';
import { CalendarChangeResolver } from './calendar-change.resolver';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { WorkingCalendarResolver } from './working-calendar.resolver';

/** R2: the working-day calendar; CalendarService.workingDaysDeadline counts every deadline of the queue. */
@Module({ providers: [CalendarRepository, CalendarService], exports: [CalendarService] })
export class CalendarModule {}

/** The calendar's GraphQL: operators read and keep it (the worker has the service alone). */
@Module({ imports: [CalendarModule], providers: [WorkingCalendarResolver, CalendarChangeResolver] })
export class CalendarApiModule {}
