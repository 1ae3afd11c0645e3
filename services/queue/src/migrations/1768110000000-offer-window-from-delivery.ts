import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R10 with `offerWindowFromDelivery` (issue 11): when an offer's notice first reached the parent
 * (notifications' OfferNoticeReached), and, for a round whose policy lets the window start at
 * delivery, the latest an offer's window may end, up to which vacancies holds the round's seats
 * (null: windows count from sending, as for every existing round). An offer's own window is its
 * `expires_at`; the round closes at its `window_ends_at`, the latest of its offers' ends.
 */
export class OfferWindowFromDelivery1768110000000 implements MigrationInterface {
  name = 'OfferWindowFromDelivery1768110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE queue.offer ADD COLUMN reached_at timestamptz;
      ALTER TABLE queue.offer_round
        ADD COLUMN latest_window_ends_at timestamptz,
        ADD CONSTRAINT offer_round_window_bound_ck CHECK (window_ends_at <= latest_window_ends_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE queue.offer_round DROP CONSTRAINT offer_round_window_bound_ck, DROP COLUMN latest_window_ends_at;
      ALTER TABLE queue.offer DROP COLUMN reached_at;
    `);
  }
}
