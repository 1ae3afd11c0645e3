import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public allocation log (fairness/log): one hash chain per portal. `allocation_log_chain`
 * is each chain's head (its last seq and hash, locked by an append for the rest of that
 * transaction, so entries commit in seq order) and the portal's pseudonym key, which never
 * leaves the service. Entries and signed day heads are never edited.
 */
export class AllocationLog1767800000000 implements MigrationInterface {
  name = 'AllocationLog1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE queue.allocation_log_chain (
        portal_id text PRIMARY KEY,
        pseudonym_key bytea NOT NULL CHECK (length(pseudonym_key) = 32),
        seq bigint NOT NULL CHECK (seq >= 0),
        hash text NOT NULL,
        at timestamptz NOT NULL
      );
      CREATE TABLE queue.allocation_log (
        portal_id text NOT NULL,
        seq bigint NOT NULL CHECK (seq > 0),
        at timestamptz NOT NULL,
        kind text NOT NULL CHECK (kind IN ('DECISION', 'ROUND_OPENED', 'ROUND_CLOSED')),
        body jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (portal_id, seq)
      );
      CREATE INDEX allocation_log_at_idx ON queue.allocation_log (portal_id, at);
      CREATE TABLE queue.allocation_log_day_head (
        portal_id text NOT NULL,
        day date NOT NULL,
        seq bigint NOT NULL,
        hash text NOT NULL,
        signature text NOT NULL,
        public_key text NOT NULL,
        signed_at timestamptz NOT NULL,
        PRIMARY KEY (portal_id, day)
      );
      CREATE FUNCTION queue.refuse_allocation_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
      CREATE TRIGGER allocation_log_append_only BEFORE UPDATE OR DELETE ON queue.allocation_log
        FOR EACH ROW EXECUTE FUNCTION queue.refuse_allocation_log_change();
      CREATE TRIGGER allocation_log_day_head_append_only BEFORE UPDATE OR DELETE ON queue.allocation_log_day_head
        FOR EACH ROW EXECUTE FUNCTION queue.refuse_allocation_log_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE queue.allocation_log_day_head;
      DROP TABLE queue.allocation_log;
      DROP TABLE queue.allocation_log_chain;
      DROP FUNCTION queue.refuse_allocation_log_change();
    `);
  }
}
