import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery of notices: one row per event, person and channel, whose idempotency key is recorded
 * before the provider is called (exactly once); preferences; the "expires tomorrow" reminders.
 */
export class Delivery1767800000000 implements MigrationInterface {
  name = 'Delivery1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notifications.notification
        ADD COLUMN idempotency_key text UNIQUE,
        ADD COLUMN source text,
        ADD COLUMN application_id uuid,
        ADD COLUMN referral_id uuid,
        ADD COLUMN offer_id uuid,
        ADD COLUMN region_id text,
        ADD COLUMN language text CHECK (language IN ('KK', 'RU', 'EN')),
        ADD COLUMN address text,
        ADD COLUMN not_before timestamptz,
        ADD COLUMN attempts int NOT NULL DEFAULT 0,
        ADD COLUMN in_flight boolean NOT NULL DEFAULT false,
        ADD COLUMN lease_until timestamptz,
        ADD COLUMN sent_at timestamptz,
        ADD COLUMN delivered_at timestamptz,
        ADD COLUMN failed_at timestamptz,
        ADD COLUMN last_error text,
        ADD COLUMN provider_message_id text;
      CREATE INDEX notification_due_idx ON notifications.notification (not_before) WHERE status = 'QUEUED';
      CREATE INDEX notification_source_idx ON notifications.notification (source);
      CREATE INDEX notification_application_idx ON notifications.notification (application_id, created_at DESC);
      CREATE INDEX notification_failed_idx ON notifications.notification (region_id, failed_at DESC) WHERE status = 'FAILED';

      CREATE TABLE notifications.notification_preference (
        user_id uuid PRIMARY KEY,
        language text CHECK (language IN ('KK', 'RU', 'EN')),
        email boolean NOT NULL DEFAULT true,
        sms boolean NOT NULL DEFAULT true,
        in_app boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE notifications.referral_reminder (
        referral_id uuid NOT NULL,
        expires_at timestamptz NOT NULL,
        application_id uuid NOT NULL,
        due_at timestamptz NOT NULL,
        done_at timestamptz,
        PRIMARY KEY (referral_id, expires_at)
      );
      CREATE INDEX referral_reminder_due_idx ON notifications.referral_reminder (due_at) WHERE done_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE notifications.referral_reminder;
      DROP TABLE notifications.notification_preference;
      DROP INDEX notifications.notification_failed_idx;
      DROP INDEX notifications.notification_application_idx;
      DROP INDEX notifications.notification_source_idx;
      DROP INDEX notifications.notification_due_idx;
      ALTER TABLE notifications.notification
        DROP COLUMN idempotency_key, DROP COLUMN source, DROP COLUMN application_id, DROP COLUMN referral_id,
        DROP COLUMN offer_id, DROP COLUMN region_id, DROP COLUMN language, DROP COLUMN address,
        DROP COLUMN not_before, DROP COLUMN attempts, DROP COLUMN in_flight, DROP COLUMN lease_until,
        DROP COLUMN sent_at, DROP COLUMN delivered_at, DROP COLUMN failed_at, DROP COLUMN last_error,
        DROP COLUMN provider_message_id;
    `);
  }
}
