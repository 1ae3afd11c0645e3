import { MigrationInterface, QueryRunner } from 'typeorm';
import { PENDING_CLAIMS_SEAT_TRANSITION } from './1767200000000-pending-claims';

/**
 * Published seats wait for their offer round (R10 before R11): `awaiting_round_until` is set when
 * seats are published and cleared when a round holds them or has seen their publication; until
 * then (and at most until that instant) they are nobody's free choice. In the database:
 * - `seat_awaiting_round_free`: only a FREE seat awaits a round;
 * - `seat_transition`: the column is set only by the INSERT that publishes the seat, and the one
 *   change of a FREE seat that stays FREE is clearing it;
 * - `offer_round.requested` may be 0: a round with nobody to offer to still tells vacancies which
 *   publications it has seen, holding nothing;
 * - `seat_awaiting_round_idx`: the few awaiting seats, for a round's hold to find and clear.
 * Seats published before this migration await nothing: they stay free choice.
 */
export class SeatsAwaitTheirRound1768300000000 implements MigrationInterface {
  name = 'SeatsAwaitTheirRound1768300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE vacancies.seat ADD COLUMN awaiting_round_until timestamptz;
      ALTER TABLE vacancies.seat ADD CONSTRAINT seat_awaiting_round_free CHECK (awaiting_round_until IS NULL OR status = 'FREE');
      CREATE INDEX seat_awaiting_round_idx ON vacancies.seat (published_at) WHERE awaiting_round_until IS NOT NULL;
      ALTER TABLE vacancies.offer_round DROP CONSTRAINT offer_round_requested_check;
      ALTER TABLE vacancies.offer_round ADD CONSTRAINT offer_round_requested_check CHECK (requested >= 0);

      -- published (awaiting its round, then free) → held → claimed (pending → committed) → enrolled, or back to free.
      CREATE OR REPLACE FUNCTION vacancies.seat_transition() RETURNS trigger LANGUAGE plpgsql AS $$
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
        IF NEW.group_id <> OLD.group_id OR NEW.published_at <> OLD.published_at
          -- Set at publication only: an update may clear it, never set or move it.
          OR (NEW.awaiting_round_until IS NOT NULL AND NEW.awaiting_round_until IS DISTINCT FROM OLD.awaiting_round_until)
          OR NOT (
          (OLD.status, NEW.status) IN (('FREE', 'HELD'), ('HELD', 'FREE'), ('FREE', 'CLAIMED'), ('HELD', 'CLAIMED'), ('CLAIMED', 'FREE'), ('CLAIMED', 'ENROLLED'))
          -- The commit: a pending claim loses its deadline, and nothing else changes.
          OR (OLD.status = 'CLAIMED' AND NEW.status = 'CLAIMED' AND OLD.pending_until IS NOT NULL AND NEW.pending_until IS NULL
              AND (NEW.referral_id, NEW.claimed_at, NEW.offer_round_id, NEW.held_until, NEW.enrolled_at)
                  IS NOT DISTINCT FROM (OLD.referral_id, OLD.claimed_at, OLD.offer_round_id, OLD.held_until, OLD.enrolled_at))
          -- A round has seen the seat's publication: the seat stops awaiting it (the CHECK keeps the rest empty).
          OR (OLD.status = 'FREE' AND NEW.status = 'FREE' AND OLD.awaiting_round_until IS NOT NULL AND NEW.awaiting_round_until IS NULL)
        ) OR (NEW.status = 'ENROLLED' AND (NEW.referral_id <> OLD.referral_id OR NEW.claimed_at <> OLD.claimed_at)) THEN
          RAISE EXCEPTION 'seat % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation', CONSTRAINT = 'seat_transition';
        END IF;
        RETURN NEW;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // Rounds that held nothing become rounds of one seat asked for: the old schema has no others.
    await q.query(`
      ${PENDING_CLAIMS_SEAT_TRANSITION}
      ALTER TABLE vacancies.offer_round DROP CONSTRAINT offer_round_requested_check;
      UPDATE vacancies.offer_round SET requested = 1 WHERE requested = 0;
      ALTER TABLE vacancies.offer_round ADD CONSTRAINT offer_round_requested_check CHECK (requested > 0);
      DROP INDEX vacancies.seat_awaiting_round_idx;
      ALTER TABLE vacancies.seat DROP CONSTRAINT seat_awaiting_round_free;
      ALTER TABLE vacancies.seat DROP COLUMN awaiting_round_until;
    `);
  }
}
