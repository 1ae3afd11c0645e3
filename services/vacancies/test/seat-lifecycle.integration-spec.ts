import { ManualClock } from '@kezek/clock';
import { pgError } from '@kezek/database';
import { canMove, REFERRAL_RELEASE_REASONS, SeatState, SeatStatus, STATUS_OF } from '../src/seat/seat-lifecycle';
import { kindergartenWithGroup, startVacancies } from './fixtures';

/**
 * seat-lifecycle.ts is the one definition of the lifecycle: PostgreSQL's CHECKs and the
 * `seat_transition` trigger must say exactly what it says.
 */
describe('the seat lifecycle in TypeScript and in PostgreSQL agree', () => {
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  let env: Awaited<ReturnType<typeof startVacancies>>;
  beforeAll(async () => {
    env = await startVacancies(clock);
  });
  afterAll(() => env?.close());

  /** The values listed by a CHECK constraint's definition. */
  const checkValues = async (table: string, constraint: string, listed: RegExp) => {
    const [{ def }] = await env.db.query(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND conname = $2`,
      [table, constraint],
    );
    return [...(def as string).matchAll(listed)].map((m) => m[1]).sort();
  };

  it('lists the same statuses and release reasons', async () => {
    const statuses = Object.values(SeatStatus).sort();
    expect(await checkValues('seat', 'seat_status_check', /'(\w+)'::text/g)).toEqual(statuses);
    // Each status has its own columns rule.
    expect(await checkValues('seat', 'seat_status_columns', /WHEN '(\w+)'::text THEN/g)).toEqual(statuses);
    expect(await checkValues('released_referral', 'released_referral_reason_check', /'(\w+)'::text/g)).toEqual(
      [...REFERRAL_RELEASE_REASONS].sort(),
    );
  });

  it('allows exactly the transitions the lifecycle allows, between every pair of states', async () => {
    const { groupId } = await kindergartenWithGroup(env.db, { capacity: 50 });
    const at = clock.now();
    const later = new Date(at.getTime() + 900_000);
    // A valid row per state; a claim keeps its referral and claim time, as the trigger requires.
    const columns = (state: SeatState, referralId: string) => {
      const claimed = STATUS_OF[state] === SeatStatus.CLAIMED || state === SeatState.Enrolled;
      return [
        STATUS_OF[state],
        state === SeatState.Held ? 'round-lifecycle' : null,
        state === SeatState.Held ? later : null,
        claimed ? referralId : null,
        claimed ? at : null,
        state === SeatState.PendingClaim ? later : null,
        state === SeatState.Enrolled ? at : null,
      ];
    };
    const states = Object.values(SeatState);
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const from of states) {
      for (const to of states) {
        const referralId = `ref-${from}-${to}`;
        const [seat] = await env.db.query(
          `INSERT INTO seat (group_id, published_at, status, offer_round_id, held_until, referral_id, claimed_at, pending_until, enrolled_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
          [groupId, at, ...columns(from, referralId)],
        );
        const outcome = await env.db
          .query(
            `UPDATE seat SET status = $2, offer_round_id = $3, held_until = $4, referral_id = $5, claimed_at = $6, pending_until = $7, enrolled_at = $8 WHERE id = $1`,
            [seat.id, ...columns(to, referralId)],
          )
          .then(
            () => 'allowed',
            // Anything but the trigger refusing (a CHECK, say) is a broken test, not a refusal.
            (e) => (pgError(e).constraint === 'seat_transition' ? 'refused' : `failed: ${(e as Error).message}`),
          );
        outcomes.push(`${from} → ${to}: ${outcome}`);
        expected.push(`${from} → ${to}: ${canMove(from, to) ? 'allowed' : 'refused'}`);
      }
    }
    expect(outcomes).toEqual(expected);
  });
});
