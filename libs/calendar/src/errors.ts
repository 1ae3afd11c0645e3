/**
 * A date was asked about in a year whose holidays and transfers nobody has loaded. Never guessed
 * as "no holidays" (R2): an operator has to load the year, so the error names it.
 */
export class CalendarYearNotLoadedError extends Error {
  readonly code = 'CALENDAR_YEAR_NOT_LOADED';

  constructor(
    readonly year: number,
    readonly loadedYears: readonly number[],
  ) {
    super(
      `the working-day calendar has no data for ${year} (loaded: ${loadedYears.join(', ') || 'none'}); ` +
        `an operator must load ${year}'s public holidays and transfer days before dates in it can be counted`,
    );
    this.name = 'CalendarYearNotLoadedError';
  }
}

/** Operator-supplied calendar data that cannot be right (malformed, outside its year, contradictory). */
export class CalendarDataError extends Error {
  readonly code = 'CALENDAR_DATA_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'CalendarDataError';
  }
}
