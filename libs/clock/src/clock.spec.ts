import { almatyDate, ManualClock, toAlmatyIso } from './clock';

describe('Almaty time (R1)', () => {
  it('writes instants with the +05:00 offset', () => {
    expect(toAlmatyIso(new Date('2026-03-02T05:00:00Z'))).toBe('2026-03-02T10:00:00.000+05:00');
    expect(new Date(toAlmatyIso(new Date('2026-03-02T05:00:00Z'))).toISOString()).toBe('2026-03-02T05:00:00.000Z');
  });

  it('puts the small hours of a UTC evening on the next Almaty day', () => {
    expect(almatyDate(new Date('2026-12-31T19:00:00Z'))).toBe('2027-01-01');
    expect(almatyDate(new Date('2026-12-31T18:59:59.999Z'))).toBe('2026-12-31');
  });

  it('moves a manual clock only when told', () => {
    const clock = new ManualClock('2026-01-05T04:00:00Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-01-05T04:01:30.000Z');
  });
});
