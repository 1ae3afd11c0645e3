import { DEFAULT_POLICY, resolvePolicy } from '@kezek/policy';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';
import {
  AllocationCandidate,
  allocationOrder,
  byQueueOrder,
  isEligible,
  latestEligibleBirthDate,
} from './allocation-order.rules';

const AT = new Date('2026-03-02T05:00:00Z');
let seq = 0;
/** A child filed `seq` seconds into 2025, old enough and free to receive an offer at AT. */
const child = (privilege: Privilege, over: Partial<AllocationCandidate> = {}): AllocationCandidate => {
  seq += 1;
  return {
    id: `${privilege[0]}${seq}`,
    number: `УО.2025.${String(seq).padStart(6, '0')}.1`,
    privilege,
    filedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString().replace('Z', '000Z'),
    birthDate: '2023-01-15',
    status: ApplicationStatus.IN_QUEUE,
    onStopListUntil: null,
    ...over,
  };
};
const N = (over?: Partial<AllocationCandidate>) => child(Privilege.NONE, over);
const F = (over?: Partial<AllocationCandidate>) => child(Privilege.FIRST_PRIORITY, over);
const O = (over?: Partial<AllocationCandidate>) => child(Privilege.OUT_OF_TURN, over);
const ids = (cs: AllocationCandidate[]) => cs.map((c) => c.id);
/** Shuffled input: the order must come from the rows, not from how they were read. */
const order = (cs: AllocationCandidate[], at = AT, policy = DEFAULT_POLICY) =>
  ids(allocationOrder([...cs].reverse(), at, policy));

describe('allocation order (R7)', () => {
  it('puts out-of-turn children first, then one first-priority child to three general ones', () => {
    const cs = [N(), N(), F(), N(), O(), N(), N(), F(), N(), O(), F(), N()];
    const [n1, n2, f1, n3, o1, n4, n5, f2, n6, o2, f3, n7] = ids(cs);
    expect(order(cs)).toEqual([o1, o2, f1, n1, n2, n3, f2, n4, n5, n6, f3, n7]);
  });

  it('continues with the general stream once first-priority children run out', () => {
    const cs = [F(), N(), N(), N(), N(), N(), N()];
    const [f1, n1, n2, n3, n4, n5, n6] = ids(cs);
    expect(order(cs)).toEqual([f1, n1, n2, n3, n4, n5, n6]);
  });

  it('continues with the first-priority stream once general children run out', () => {
    const cs = [N(), F(), F(), F(), N()];
    const [n1, f1, f2, f3, n2] = ids(cs);
    expect(order(cs)).toEqual([f1, n1, n2, f2, f3]);
  });

  it('gives only out-of-turn children when nothing else waits, and nothing for an empty queue', () => {
    const cs = [O(), O()];
    expect(order(cs)).toEqual(ids(cs));
    expect(order([])).toEqual([]);
  });

  it('follows the portal policy: interleave 2 : 1', () => {
    const cs = [N(), N(), N(), F(), F(), F(), F(), F()];
    const [n1, n2, n3, f1, f2, f3, f4, f5] = ids(cs);
    const policy = resolvePolicy({ interleave: { firstPriority: 2, general: 1 } });
    expect(order(cs, AT, policy)).toEqual([f1, f2, n1, f3, f4, n2, f5, n3]);
  });

  it('serves first-priority children before any general one with interleave 1 : 0', () => {
    const cs = [N(), F(), N(), F()];
    const [n1, f1, n2, f2] = ids(cs);
    expect(order(cs, AT, resolvePolicy({ interleave: { firstPriority: 1, general: 0 } }))).toEqual([f1, f2, n1, n2]);
  });

  it('orders by filing instant to the microsecond, then by application number (R5)', () => {
    const a = N({ filedAt: '2025-06-01T10:00:00.000002Z', number: 'УО.2025.000001.1' });
    const b = N({ filedAt: '2025-06-01T10:00:00.000001Z', number: 'УО.2025.000009.1' });
    const c = N({ filedAt: '2025-06-01T10:00:00.000002Z', number: 'УО.2025.000000.1' });
    expect(ids([a, b, c].sort(byQueueOrder))).toEqual([b.id, c.id, a.id]);
    expect(order([a, b, c])).toEqual([b.id, c.id, a.id]);
  });
});

describe('eligibility for an offer (R8)', () => {
  it('skips children with an open offer or referral, and those out of the queue', () => {
    const cs = [
      N({ status: ApplicationStatus.NOTIFIED }),
      F({ status: ApplicationStatus.REFERRAL_ISSUED }),
      O({ status: ApplicationStatus.ENROLLED }),
      N({ status: ApplicationStatus.WITHDRAWN }),
      N({ status: ApplicationStatus.REMOVED }),
      N(),
    ];
    expect(order(cs)).toEqual([cs[5].id]);
  });

  it('becomes two on the birthday in Almaty, which starts at 19:00 UTC the evening before (R1)', () => {
    const c = N({ birthDate: '2024-03-02' });
    expect(isEligible(c, new Date('2026-03-01T18:59:59.999Z'), DEFAULT_POLICY)).toBe(false);
    expect(isEligible(c, new Date('2026-03-01T19:00:00Z'), DEFAULT_POLICY)).toBe(true);
    // Still 1 March in UTC, already the birthday in Almaty.
    expect(isEligible(c, new Date('2026-03-01T20:00:00Z'), DEFAULT_POLICY)).toBe(true);
    expect(isEligible(N({ birthDate: '2024-03-03' }), new Date('2026-03-02T18:59:59Z'), DEFAULT_POLICY)).toBe(false);
  });

  it('takes the minimum age from the policy', () => {
    const c = N({ birthDate: '2023-03-02' });
    expect(isEligible(c, AT, resolvePolicy({ offerMinAgeYears: 3 }))).toBe(true);
    expect(isEligible(c, AT, resolvePolicy({ offerMinAgeYears: 4 }))).toBe(false);
  });

  it('makes a child born on 29 February older on 1 March in common years, on 29 February in leap years', () => {
    const leapling = N({ birthDate: '2024-02-29' });
    expect(isEligible(leapling, new Date('2026-02-28T12:00:00Z'), DEFAULT_POLICY)).toBe(false);
    expect(isEligible(leapling, new Date('2026-02-28T19:00:00Z'), DEFAULT_POLICY)).toBe(true); // 1 March, Almaty
    const policy = resolvePolicy({ offerMinAgeYears: 4 });
    expect(isEligible(leapling, new Date('2028-02-28T12:00:00Z'), policy)).toBe(false);
    expect(isEligible(leapling, new Date('2028-02-29T12:00:00Z'), policy)).toBe(true);
    // On 29 February of a leap year, a child born on 28 February of a common year is a year older.
    expect(latestEligibleBirthDate(new Date('2028-02-29T12:00:00Z'), resolvePolicy({ offerMinAgeYears: 1 }))).toBe(
      '2027-02-28',
    );
    expect(latestEligibleBirthDate(new Date('2028-02-29T12:00:00Z'), policy)).toBe('2024-02-29');
  });

  it('skips a stop-listed child until its stop-list has ended, then offers it its old place (R16, R5)', () => {
    const until = new Date('2026-03-13T18:59:59.999Z'); // end of 13 March in Almaty
    const early = N({ onStopListUntil: until });
    const later = N();
    expect(order([early, later], until)).toEqual([later.id]);
    expect(order([early, later], new Date(until.getTime() - 1))).toEqual([later.id]);
    expect(order([early, later], new Date(until.getTime() + 1))).toEqual([early.id, later.id]);
  });

  it('interleaves only eligible children: a skipped one does not use up a turn', () => {
    const cs = [
      F({ birthDate: '2025-01-01' }),
      F(),
      N(),
      N({ onStopListUntil: new Date('2026-04-01') }),
      N(),
      N(),
      N(),
    ];
    const [, f2, n1, , n3, n4, n5] = ids(cs);
    expect(order(cs)).toEqual([f2, n1, n3, n4, n5]);
  });
});
