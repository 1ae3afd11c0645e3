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
