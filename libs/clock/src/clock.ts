/**
 * Every deadline is computed from an injected clock (R1), so tests move time instead of sleeping.
 * Abstract class rather than an interface so NestJS can use it as an injection token.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock tests set and advance; it never moves by itself. */
export class ManualClock extends Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-05T04:00:00Z') {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

/** R1: Asia/Almaty has been UTC+5 all year since 1 March 2024 (no daylight saving). */
export const ALMATY_OFFSET_MINUTES = 5 * 60;

/** An instant as ISO-8601 with the Almaty offset, e.g. 2026-03-02T10:00:00.000+05:00. */
export function toAlmatyIso(at: Date): string {
  const local = new Date(at.getTime() + ALMATY_OFFSET_MINUTES * 60_000);
  return `${local.toISOString().slice(0, -1)}+05:00`;
}

/** The Almaty calendar day (YYYY-MM-DD) of an instant. */
export function almatyDate(at: Date): string {
  return toAlmatyIso(at).slice(0, 10);
}
