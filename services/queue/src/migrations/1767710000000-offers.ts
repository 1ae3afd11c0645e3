import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The turn comes (R10–R19): offer rounds and offers, the referral's lifecycle columns, the
 * kindergartens a revocation blocks (R15), and the queue's outbox (its events commit with the
 * changes that cause them).
 */
export class Offers1767710000000 implements MigrationInterface {
  name = 'Offers1767710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- The queue outbox, frozen as the text outboxTableSql('queue') of @kezek/outbox gave.
      CREATE TABLE queue.outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        aggregate_id text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        published_at timestamptz
      );
      CREATE INDEX outbox_unpublished_idx ON queue.outbox (id) WHERE published_at IS NULL;
      CREATE FUNCTION queue.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('queue_outbox', '');
        RETURN NULL;
      END $$;
      CREATE TRIGGER outbox_notify AFTER INSERT ON queue.outbox FOR EACH STATEMENT EXECUTE FUNCTION queue.outbox_notify();

      -- R10: one round per SeatsPublished event (its id), so a redelivered event opens nothing new.
      CREATE TABLE queue.offer_round (
        id text PRIMARY KEY,
        portal_id text NOT NULL,
        area_ids text[] NOT NULL,
        hold_area_id text NOT NULL,
        group_year int NOT NULL,
        group_id uuid NOT NULL,
        seats int NOT NULL CHECK (seats > 0),
        held int NOT NULL CHECK (held >= 0),
        published_at timestamptz NOT NULL,
        window_ends_at timestamptz NOT NULL CHECK (window_ends_at > published_at),
        policy jsonb NOT NULL,
        closed_at timestamptz,
        -- vacancies confirmed the round's held seats free: until then the sweeper asks again.
        seats_released_at timestamptz
      );
      CREATE INDEX offer_round_due_idx ON queue.offer_round (window_ends_at) WHERE closed_at IS NULL;
      CREATE INDEX offer_round_unreleased_idx ON queue.offer_round (closed_at)
        WHERE closed_at IS NOT NULL AND seats_released_at IS NULL AND held > 0;

      CREATE TABLE queue.offer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id text NOT NULL REFERENCES queue.offer_round(id),
        application_id uuid NOT NULL REFERENCES queue.application(id),
        place int NOT NULL CHECK (place > 0),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'ACCEPTED', 'LAPSED', 'WITHDRAWN')),
        closed_at timestamptz,
        UNIQUE (round_id, application_id),
        UNIQUE (round_id, place)
      );
      -- R8: at most one open offer per child.
      CREATE UNIQUE INDEX offer_one_open_uq ON queue.offer (application_id) WHERE status = 'OPEN';
      CREATE INDEX offer_application_idx ON queue.offer (application_id);

      ALTER TABLE queue.referral
        ADD COLUMN offer_id uuid REFERENCES queue.offer(id),
        ADD COLUMN kindergarten_id uuid,
        ADD COLUMN requested_at timestamptz,
        ADD COLUMN privilege text CHECK (privilege IN ('NONE', 'FIRST_PRIORITY', 'OUT_OF_TURN')),
        ADD COLUMN original_expires_at timestamptz,
        ADD COLUMN extensions int NOT NULL DEFAULT 0 CHECK (extensions >= 0),
        ADD COLUMN claim_committed_at timestamptz,
        ADD COLUMN seat_released_at timestamptz,
        ADD COLUMN closed_at timestamptz,
        ADD COLUMN close_reason text;
      UPDATE queue.referral SET original_expires_at = expires_at, requested_at = issued_at;
      ALTER TABLE queue.referral
        ALTER COLUMN original_expires_at SET NOT NULL,
        ALTER COLUMN requested_at SET NOT NULL;
      -- The sweeper's work lists: referrals past their expiry, claims not yet committed.
      CREATE INDEX referral_due_idx ON queue.referral (expires_at) WHERE status = 'ISSUED';
      CREATE INDEX referral_uncommitted_idx ON queue.referral (issued_at) WHERE claim_committed_at IS NULL;
      CREATE INDEX referral_unreleased_idx ON queue.referral (closed_at)
        WHERE status IN ('REVOKED', 'EXPIRED') AND seat_released_at IS NULL;

      -- R15: after a revocation the offer's kindergartens are closed to the child until the window ends.
      CREATE TABLE queue.kindergarten_block (
        application_id uuid NOT NULL REFERENCES queue.application(id),
        kindergarten_id uuid NOT NULL,
        referral_id uuid NOT NULL REFERENCES queue.referral(id),
        until timestamptz NOT NULL,
        PRIMARY KEY (application_id, referral_id, kindergarten_id)
      );

      -- R16: a stop-list release not yet recorded, for the sweeper.
      CREATE INDEX application_stop_list_idx ON queue.application (on_stop_list_until)
        WHERE on_stop_list_until IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX queue.application_stop_list_idx;
      DROP TABLE queue.kindergarten_block;
      DROP INDEX queue.referral_unreleased_idx; DROP INDEX queue.referral_uncommitted_idx; DROP INDEX queue.referral_due_idx;
      ALTER TABLE queue.referral DROP COLUMN offer_id, DROP COLUMN kindergarten_id, DROP COLUMN requested_at,
        DROP COLUMN privilege, DROP COLUMN original_expires_at, DROP COLUMN extensions,
        DROP COLUMN claim_committed_at, DROP COLUMN seat_released_at, DROP COLUMN closed_at, DROP COLUMN close_reason;
      DROP TABLE queue.offer; DROP TABLE queue.offer_round;
      DROP TABLE queue.outbox; DROP FUNCTION queue.outbox_notify();
    `);
  }
}
