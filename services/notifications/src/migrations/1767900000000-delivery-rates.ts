import { MigrationInterface, QueryRunner } from 'typeorm';

/** Delivery rates read a region's notices of a period: an index on exactly that (on the replica too). */
export class DeliveryRates1767900000000 implements MigrationInterface {
  name = 'DeliveryRates1767900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX notification_region_created_idx ON notifications.notification (region_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications.notification_region_created_idx`);
  }
}
