import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The journal (Журнал заявлений): a keyset page of a region in filing order walks one index, and
 * the filters a search starts from (number, name parts) have their own; a child's IIN is found through
 * (region_id, child_iin, id).
 */
export class JournalIndexes1767630000000 implements MigrationInterface {
  name = 'JournalIndexes1767630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- In public, beside the other schemas' extensions; the operator classes below name it.
      CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
      -- An operator's or admin's journal, one index per sort so a page is a keyset walk, not a sort of the
      -- region: CREATED_AT (and QUEUE_NUMBER's first key, incrementally sorted by number), then each column.
      CREATE INDEX application_region_created_idx ON queue.application (region_id, created_at, id);
      CREATE INDEX application_region_number_idx ON queue.application (region_id, number, id);
      CREATE INDEX application_region_child_name_idx ON queue.application (region_id, child_full_name, id);
      CREATE INDEX application_region_child_iin_idx ON queue.application (region_id, child_iin, id);
      CREATE INDEX application_region_applicant_name_idx ON queue.application (region_id, applicant_full_name, id);
      CREATE INDEX application_region_status_idx ON queue.application (region_id, status, id);
      CREATE INDEX application_region_privilege_idx ON queue.application (region_id, privilege, id);
      CREATE INDEX application_region_birth_date_idx ON queue.application (region_id, child_birth_date, id);
      CREATE INDEX application_region_group_year_idx ON queue.application (region_id, group_year, id);
      -- number: exact or prefix (LIKE 'УО.2025.%'), whatever the database's collation.
      CREATE INDEX application_number_prefix_idx ON queue.application (number text_pattern_ops);
      -- childName / applicantName: ILIKE '%part%'.
      CREATE INDEX application_child_name_trgm_idx ON queue.application USING gin (child_full_name public.gin_trgm_ops);
      CREATE INDEX application_applicant_name_trgm_idx ON queue.application
        USING gin (applicant_full_name public.gin_trgm_ops);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // pg_trgm stays: the database may have other users of it.
    await q.query(`
      DROP INDEX queue.application_applicant_name_trgm_idx; DROP INDEX queue.application_child_name_trgm_idx;
      DROP INDEX queue.application_number_prefix_idx;
      DROP INDEX queue.application_region_group_year_idx; DROP INDEX queue.application_region_birth_date_idx;
      DROP INDEX queue.application_region_privilege_idx; DROP INDEX queue.application_region_status_idx;
      DROP INDEX queue.application_region_applicant_name_idx; DROP INDEX queue.application_region_child_iin_idx;
      DROP INDEX queue.application_region_child_name_idx; DROP INDEX queue.application_region_number_idx;
      DROP INDEX queue.application_region_created_idx;
    `);
  }
}
