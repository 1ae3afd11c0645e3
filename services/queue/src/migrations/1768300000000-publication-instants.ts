import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A publication's instant (its SeatsPublished `occurredAt`, vacancies' `seat.published_at`): a
 * round tells vacancies the latest it has seen (ClaimsApi.hold `publishedUpTo`), so the seats of
 * those publications it did not hold stop awaiting a round and are free choice (R11). Publications
 * recorded before this migration have none: their seats await no round.
 */
export class PublicationInstants1768300000000 implements MigrationInterface {
  name = 'PublicationInstants1768300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE queue.seat_publication ADD COLUMN published_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE queue.seat_publication DROP COLUMN published_at`);
  }
}
