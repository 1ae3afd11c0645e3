import { MigrationInterface, QueryRunner } from 'typeorm';

export class PositionIndexes1767610000000 implements MigrationInterface {
  name = 'PositionIndexes1767610000000';
  // CONCURRENTLY cannot run in a transaction; it keeps filing open while the index builds.
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // R6/R7: the order of one privilege category of a queue, for privilegedQueueNumber counts and
    // for allocation's per-category scans (application_queue_order_idx serves queueNumber).
    await q.query(`
      CREATE INDEX CONCURRENTLY application_privilege_order_idx
        ON queue.application (queue_area_id, group_year, privilege, created_at, number)
        WHERE status IN ('IN_QUEUE', 'NOTIFIED')
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY queue.application_privilege_order_idx`);
  }
}
