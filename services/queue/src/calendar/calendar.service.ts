import { Injectable } from '@nestjs/common';
import { KAZAKHSTAN_DEFAULT_YEARS, WorkingCalendar } from '@kezek/calendar';

// Placeholder until the operators' calendar lands (h-cal): same interface, shipped years.
@Injectable()
export class CalendarService {
  private readonly shipped = new WorkingCalendar(KAZAKHSTAN_DEFAULT_YEARS);

  async calendar(): Promise<WorkingCalendar> {
    return this.shipped;
  }

  async workingDaysDeadline(from: Date, n: number): Promise<Date> {
    return this.shipped.workingDaysDeadline(from, n);
  }
}
