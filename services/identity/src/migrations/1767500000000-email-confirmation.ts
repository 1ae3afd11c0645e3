import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail confirmation (R9's e-mail, issue 11): a code per e-mail given, the instant the person's
 * current e-mail was confirmed, and identity's outbox, whose events (a code to send) commit with
 * the change that causes them.
 */
export class EmailConfirmation1767500000000 implements MigrationInterface {
  name = 'EmailConfirmation1767500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE identity."user" ADD COLUMN email_confirmed_at timestamptz;

      CREATE TABLE identity.email_confirmation (
        id uuid PRIMARY KEY,
        -- The order codes were given in (the manual clock may stand still between two).
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        user_id uuid NOT NULL REFERENCES identity."user"(id),
        email text NOT NULL,
        code char(6) NOT NULL CHECK (code ~ '^[0-9]{6}$'),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        confirmed_at timestamptz
      );
      CREATE INDEX email_confirmation_user_idx ON identity.email_confirmation (user_id, seq DESC);

      -- The identity outbox, frozen as the text outboxTableSql('identity') of @kezek/outbox gave.
      CREATE TABLE identity.outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        aggregate_id text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        published_at timestamptz
      );
      CREATE INDEX outbox_unpublished_idx ON identity.outbox (id) WHERE published_at IS NULL;
      CREATE FUNCTION identity.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('identity_outbox', '');
        RETURN NULL;
      END $$;
      CREATE TRIGGER outbox_notify AFTER INSERT ON identity.outbox FOR EACH STATEMENT EXECUTE FUNCTION identity.outbox_notify();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE identity.outbox;
      DROP FUNCTION identity.outbox_notify();
      DROP TABLE identity.email_confirmation;
      ALTER TABLE identity."user" DROP COLUMN email_confirmed_at;
    `);
  }
}
