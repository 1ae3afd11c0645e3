import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox trigger NOTIFYs the relay only for a statement that recorded an event to relay
 * (`published_at` null): events nobody subscribes to (SeatClaimed) are recorded published and
 * wake nobody. A NOTIFY makes PostgreSQL hold a database-wide lock through the commit's WAL flush,
 * so every claim notifying serialised the claims' commits. Frozen as the text
 * `outboxNotifySql('vacancies')` of @kezek/outbox gave.
 */
export class OutboxWakesForSubscribers1767810000000 implements MigrationInterface {
  name = 'OutboxWakesForSubscribers1767810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
    DROP TRIGGER outbox_notify ON vacancies.outbox;
    DROP FUNCTION vacancies.outbox_notify();
    CREATE FUNCTION vacancies.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM inserted WHERE published_at IS NULL) THEN
        PERFORM pg_notify('vacancies_outbox', '');
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER outbox_notify AFTER INSERT ON vacancies.outbox REFERENCING NEW TABLE AS inserted
      FOR EACH STATEMENT EXECUTE FUNCTION vacancies.outbox_notify();
  `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
    DROP TRIGGER outbox_notify ON vacancies.outbox;
    DROP FUNCTION vacancies.outbox_notify();
    CREATE FUNCTION vacancies.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('vacancies_outbox', '');
      RETURN NULL;
    END $$;
    CREATE TRIGGER outbox_notify AFTER INSERT ON vacancies.outbox FOR EACH STATEMENT EXECUTE FUNCTION vacancies.outbox_notify();
  `);
  }
}
