import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The choosable groups of a district (GroupsApi.choosable) find its state kindergartens by
 * district: kindergarten_region_district_idx leads with the region, so a district needs its own.
 */
export class ChoosableGroups1767700000000 implements MigrationInterface {
  name = 'ChoosableGroups1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX kindergarten_state_district_idx ON vacancies.kindergarten (district_id) WHERE is_state`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX vacancies.kindergarten_state_district_idx`);
  }
}
