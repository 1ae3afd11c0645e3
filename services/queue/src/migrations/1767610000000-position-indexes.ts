import { MigrationInterface, QueryRunner } from 'typeorm';

export class PositionIndexes1767610000000 implements MigrationInterface {
  name = 'PositionIndexes1767610000000';
  // CONCURRENTLY cannot run in a transaction; it keeps filing open while the index builds.
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // R6/R7: the order of one privilege category of a queue (application_queue_order_idx is the
    // whole queue's), counted for privilegedQueueNumber and scanned by allocation. The included
    // columns are what R8 filters on and allocation reads: those scans stay index-only even
    // when most of a group year is too young and is skipped.
    await q.query(`
      CREATE INDEX CONCURRENTLY application_privilege_order_idx
        ON queue.application (queue_area_id, group_year, privilege, created_at, number)
        INCLUDE (id, status, child_birth_date, on_stop_list_until)
        WHERE status IN ('IN_QUEUE', 'NOTIFIED')
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY queue.application_privilege_order_idx`);
  }
}
