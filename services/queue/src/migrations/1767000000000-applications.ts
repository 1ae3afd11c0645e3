import { MigrationInterface, QueryRunner } from 'typeorm';

export class Applications1767000000000 implements MigrationInterface {
  name = 'Applications1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE queue.application (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        child_iin char(12) NOT NULL CHECK (child_iin ~ '^[0-9]{12}$'),
        child_full_name text NOT NULL,
        child_birth_date date NOT NULL,
        applicant_id uuid NOT NULL,
        privilege text NOT NULL CHECK (privilege IN ('NONE', 'FIRST_PRIORITY', 'OUT_OF_TURN')),
        status text NOT NULL CHECK (status IN ('IN_QUEUE', 'NOTIFIED', 'REFERRAL_ISSUED', 'ENROLLED', 'WITHDRAWN', 'REMOVED')),
        group_year int NOT NULL,
        region_id text NOT NULL,
        queue_area_id text NOT NULL,
        created_at timestamptz NOT NULL,
        in_queue_since timestamptz NOT NULL,
        last_changed_at timestamptz NOT NULL,
        on_stop_list_until timestamptz,
        missed_referrals int NOT NULL DEFAULT 0 CHECK (missed_referrals >= 0)
      );
      -- R4: one active application per child and queue area.
      CREATE UNIQUE INDEX application_active_child_area_uq ON queue.application (child_iin, queue_area_id)
        WHERE status IN ('IN_QUEUE', 'NOTIFIED', 'REFERRAL_ISSUED');
      -- R5: the order of a queue is (created_at, number) within an area and group year.
      CREATE INDEX application_queue_order_idx ON queue.application (queue_area_id, group_year, created_at, number)
        WHERE status IN ('IN_QUEUE', 'NOTIFIED');
      CREATE INDEX application_applicant_idx ON queue.application (applicant_id);
      CREATE SEQUENCE queue.application_number_seq;

      CREATE TABLE queue.referral (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        application_id uuid NOT NULL REFERENCES queue.application(id),
        group_id uuid NOT NULL,
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('ISSUED', 'ENROLLED', 'REVOKED', 'EXPIRED')),
        extended_until date,
        extension_reason text,
        revocable_until timestamptz NOT NULL,
        CHECK (expires_at > issued_at)
      );
      CREATE INDEX referral_application_idx ON queue.referral (application_id);
      -- At most one live referral per application.
      CREATE UNIQUE INDEX referral_one_issued_uq ON queue.referral (application_id) WHERE status = 'ISSUED';

      CREATE TABLE queue.application_history (
        id bigserial PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES queue.application(id),
        at timestamptz NOT NULL,
        action text NOT NULL,
        from_status text,
        to_status text,
        actor text NOT NULL,
        reason text,
        signature_id uuid
      );
      CREATE INDEX application_history_application_idx ON queue.application_history (application_id, id);
      -- R21: history is never edited.
      CREATE FUNCTION queue.refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'application_history is append-only'; END $$;
      CREATE TRIGGER application_history_append_only BEFORE UPDATE OR DELETE ON queue.application_history
        FOR EACH ROW EXECUTE FUNCTION queue.refuse_history_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE queue.application_history; DROP FUNCTION queue.refuse_history_change();
      DROP TABLE queue.referral; DROP SEQUENCE queue.application_number_seq; DROP TABLE queue.application;
    `);
  }
}
