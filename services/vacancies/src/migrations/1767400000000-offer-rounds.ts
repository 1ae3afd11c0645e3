import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offer rounds as rows: a hold is idempotent by round id even after its seats were claimed,
 * released or expired, and two simultaneous first holds of one round hold seats once (the
 * round's primary key serialises them). Rounds held before this migration have no row; none
 * exist outside development yet.
 */
export class OfferRounds1767400000000 implements MigrationInterface {
  name = 'OfferRounds1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE vacancies.offer_round (
        id text PRIMARY KEY,
        area_id text NOT NULL,
        group_year int NOT NULL,
        requested int NOT NULL CHECK (requested > 0),
        held_at timestamptz NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE vacancies.offer_round`);
  }
}
