import { seededRandom } from '@kezek/seeded-random';
import { PositionEvent, positionLedger } from './ledger';

describe('positionLedger', () => {
  it('groups one cause at one instant and counts it', () => {
    const events: PositionEvent[] = [
      { at: 't1', delta: -1, cause: 'REFERRAL_AHEAD' },
      { at: 't1', delta: -1, cause: 'REFERRAL_AHEAD' },
      { at: 't1', delta: -1, cause: 'WITHDRAWAL_AHEAD' },
      { at: 't2', delta: 1, cause: 'REVOCATION_AHEAD' },
    ];
    expect(positionLedger(events, 8)).toEqual([
      { at: 't1', from: 10, to: 8, cause: 'REFERRAL_AHEAD', count: 2 },
      { at: 't1', from: 8, to: 7, cause: 'WITHDRAWAL_AHEAD', count: 1 },
      { at: 't2', from: 7, to: 8, cause: 'REVOCATION_AHEAD', count: 1 },
    ]);
  });

  it('is empty when nothing moved the position', () => {
    expect(positionLedger([], 3)).toEqual([]);
  });

  // Property: over random histories, every change's from/to are the positions just before and
  // after it, and the changes between any two instants add up to the difference of the positions.
  it('explains every position of random histories', () => {
    const random = seededRandom(15);
    const causes = {
      in: ['FILING_AHEAD', 'REVOCATION_AHEAD', 'EXPIRY_AHEAD'],
      out: ['REFERRAL_AHEAD', 'WITHDRAWAL_AHEAD'],
    };
    let checkedPairs = 0;
    for (let history = 0; history < 200; history++) {
      const ahead = Array.from({ length: 1 + Math.floor(random() * 30) }, () => random() < 0.6);
      const position = () => 1 + ahead.filter(Boolean).length;
      const positions = [position()];
      const events: PositionEvent[] = [];
      const steps = 1 + Math.floor(random() * 60);
      for (let step = 0, instant = 0; step < steps; step++) {
        if (random() < 0.7) instant++; // several events may share an instant
        const k = Math.floor(random() * ahead.length);
        ahead[k] = !ahead[k];
        const list = ahead[k] ? causes.in : causes.out;
        events.push({
          at: `t${String(instant).padStart(3, '0')}`,
          delta: ahead[k] ? 1 : -1,
          cause: list[Math.floor(random() * list.length)],
        });
        positions.push(position());
      }
      const ledger = positionLedger(events, position());
      const total = (from: string, to: string) =>
        ledger.filter((c) => c.at > from && c.at <= to).reduce((n, c) => n + c.to - c.from, 0);
      // Position at the end of each instant: after the last event at or before it.
      const at = (instant: string) => positions[events.filter((e) => e.at <= instant).length];
      const instants = ['t000', ...new Set(events.map((e) => e.at))];
      for (let i = 0; i < instants.length; i++)
        for (let j = i; j < instants.length; j++) {
          expect(total(instants[i], instants[j])).toBe(at(instants[j]) - at(instants[i]));
          checkedPairs++;
        }
      for (let c = 1; c < ledger.length; c++) expect(ledger[c].from).toBe(ledger[c - 1].to);
      expect(ledger.reduce((n, c) => n + c.count, 0)).toBe(events.length);
      if (ledger.length) expect(ledger[0].from).toBe(positions[0]);
    }
    expect(checkedPairs).toBeGreaterThan(10_000);
  });
});
