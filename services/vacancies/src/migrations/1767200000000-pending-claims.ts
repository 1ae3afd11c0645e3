import { MigrationInterface, QueryRunner } from 'typeorm';
import { SEAT_TRANSITION } from './1767100000000-seats';

/** The seat transition rule this migration installs (1768300000000's `down` restores it). */
export const PENDING_CLAIMS_SEAT_TRANSITION = `CREATE OR REPLACE FUNCTION vacancies.seat_transition() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'FREE' THEN
            RAISE EXCEPTION 'seat % is %, only a free seat can be withdrawn', OLD.id, OLD.status USING ERRCODE = 'check_violation', CONSTRAINT = 'seat_transition';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.status = 'CLAIMED' AND NEW.status = 'ENROLLED' AND OLD.pending_until IS NOT NULL THEN
          RAISE EXCEPTION 'seat % has a pending claim: it is enrolled only once committed', OLD.id USING ERRCODE = 'check_violation', CONSTRAINT = 'seat_transition';
        END IF;
        IF NEW.group_id <> OLD.group_id OR NEW.published_at <> OLD.published_at OR NOT (
          (OLD.status, NEW.status) IN (('FREE', 'HELD'), ('HELD', 'FREE'), ('FREE', 'CLAIMED'), ('HELD', 'CLAIMED'), ('CLAIMED', 'FREE'), ('CLAIMED', 'ENROLLED'))
          -- The commit: a pending claim loses its deadline, and nothing else changes.
          OR (OLD.status = 'CLAIMED' AND NEW.status = 'CLAIMED' AND OLD.pending_until IS NOT NULL AND NEW.pending_until IS NULL
              AND (NEW.referral_id, NEW.claimed_at, NEW.offer_round_id, NEW.held_until, NEW.enrolled_at)
                  IS NOT DISTINCT FROM (OLD.referral_id, OLD.claimed_at, OLD.offer_round_id, OLD.held_until, OLD.enrolled_at))
        ) OR (NEW.status = 'ENROLLED' AND (NEW.referral_id <> OLD.referral_id OR NEW.claimed_at <> OLD.claimed_at)) THEN
          RAISE EXCEPTION 'seat % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation', CONSTRAINT = 'seat_transition';
        END IF;
        RETURN NEW;
      END $$;`;

/**
 * Two-phase claims: a claim is pending (CLAIMED with `pending_until`) until its caller commits
 * it; past `pending_until` the reconciler frees the seat. In the database:
 * - `seat_status_columns`: `pending_until` only on a CLAIMED seat;
 * - `seat_transition`: CLAIMED → CLAIMED only clears `pending_until` (the commit: never sets,
 *   moves or changes anything else, the referral included); a pending claim cannot be enrolled;
 * - `released_referral.reason`: why a referral lost its seat (REFERRAL: released by the caller;
 *   CLAIM_EXPIRED: its pending claim was never committed), so a late commit is told which.
 * Claims made before this migration have no `pending_until`: they count as committed.
 */
export class PendingClaims1767200000000 implements MigrationInterface {
  name = 'PendingClaims1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE vacancies.seat ADD COLUMN pending_until timestamptz;
      ALTER TABLE vacancies.seat DROP CONSTRAINT seat_status_columns;
      ALTER TABLE vacancies.seat ADD CONSTRAINT seat_status_columns CHECK (CASE status
        WHEN 'FREE' THEN offer_round_id IS NULL AND held_until IS NULL AND referral_id IS NULL AND claimed_at IS NULL AND enrolled_at IS NULL AND pending_until IS NULL
        WHEN 'HELD' THEN offer_round_id IS NOT NULL AND held_until IS NOT NULL AND referral_id IS NULL AND claimed_at IS NULL AND enrolled_at IS NULL AND pending_until IS NULL
        WHEN 'CLAIMED' THEN referral_id IS NOT NULL AND claimed_at IS NOT NULL AND held_until IS NULL AND enrolled_at IS NULL
        WHEN 'ENROLLED' THEN referral_id IS NOT NULL AND claimed_at IS NOT NULL AND enrolled_at IS NOT NULL AND held_until IS NULL AND pending_until IS NULL
        ELSE false END);
      CREATE INDEX seat_pending_until_idx ON vacancies.seat (pending_until) WHERE pending_until IS NOT NULL;

      -- published → held → claimed (pending → committed) → enrolled, or back to free; enrolled is final.
      ${PENDING_CLAIMS_SEAT_TRANSITION}

      ALTER TABLE vacancies.released_referral ADD COLUMN reason text NOT NULL DEFAULT 'REFERRAL' CHECK (reason IN ('REFERRAL', 'CLAIM_EXPIRED'));
      ALTER TABLE vacancies.released_referral ALTER COLUMN reason DROP DEFAULT;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // Pending claims become plain claims (the old schema has no deadline for them).
    await q.query(`
      ALTER TABLE vacancies.released_referral DROP COLUMN reason;
      CREATE OR REPLACE FUNCTION ${SEAT_TRANSITION}
      DROP INDEX vacancies.seat_pending_until_idx;
      ALTER TABLE vacancies.seat DROP CONSTRAINT seat_status_columns;
      ALTER TABLE vacancies.seat DROP COLUMN pending_until;
      ALTER TABLE vacancies.seat ADD CONSTRAINT seat_status_columns CHECK (CASE status
        WHEN 'FREE' THEN offer_round_id IS NULL AND held_until IS NULL AND referral_id IS NULL AND claimed_at IS NULL AND enrolled_at IS NULL
        WHEN 'HELD' THEN offer_round_id IS NOT NULL AND held_until IS NOT NULL AND referral_id IS NULL AND claimed_at IS NULL AND enrolled_at IS NULL
        WHEN 'CLAIMED' THEN referral_id IS NOT NULL AND claimed_at IS NOT NULL AND held_until IS NULL AND enrolled_at IS NULL
        WHEN 'ENROLLED' THEN referral_id IS NOT NULL AND claimed_at IS NOT NULL AND enrolled_at IS NOT NULL AND held_until IS NULL
        ELSE false END);
    `);
  }
}
