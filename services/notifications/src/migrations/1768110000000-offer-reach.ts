import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each offer's notices first reached the parent (R10 with offerWindowFromDelivery, issue 11),
 * and the notifications outbox, whose OfferNoticeReached commits with the notice's outcome.
 */
export class OfferReach1768110000000 implements MigrationInterface {
  name = 'OfferReach1768110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- The notifications outbox, frozen as the text outboxTableSql('notifications') of @kezek/outbox gave.
      CREATE TABLE notifications.outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        aggregate_id text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        published_at timestamptz
      );
      CREATE INDEX outbox_unpublished_idx ON notifications.outbox (id) WHERE published_at IS NULL;
      CREATE FUNCTION notifications.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('notifications_outbox', '');
        RETURN NULL;
      END $$;
      CREATE TRIGGER outbox_notify AFTER INSERT ON notifications.outbox FOR EACH STATEMENT EXECUTE FUNCTION notifications.outbox_notify();

      -- One row per offer: the first e-mail or SMS of its notice that was sent or delivered.
      CREATE TABLE notifications.offer_reach (
        offer_id uuid PRIMARY KEY,
        application_id uuid NOT NULL,
        notice_id uuid NOT NULL REFERENCES notifications.notification(id),
        reached_at timestamptz NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE notifications.offer_reach;
      DROP TABLE notifications.outbox;
      DROP FUNCTION notifications.outbox_notify();
    `);
  }
}
