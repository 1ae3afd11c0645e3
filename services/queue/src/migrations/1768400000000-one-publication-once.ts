import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A publication is recorded once, whichever way it reaches the queue: its SeatsPublished event, or
 * the sweeper finding its seats still awaiting their round at vacancies (the event's job lost with
 * Redis). Its group and instant name it in both; publications recorded without their instant
 * (before 1768300000000) are not constrained.
 */
export class OnePublicationOnce1768400000000 implements MigrationInterface {
  name = 'OnePublicationOnce1768400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNIQUE INDEX seat_publication_group_instant_uq ON queue.seat_publication (group_id, published_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX queue.seat_publication_group_instant_uq`);
  }
}
