import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The journal (Журнал заявлений): a keyset page of a region in filing order walks one index, and
 * the filters a search starts from (number, name parts, IIN) have their own.
 */
export class JournalIndexes1767630000000 implements MigrationInterface {
  name = 'JournalIndexes1767630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- In public, beside the other schemas' extensions; the operator classes below name it.
      CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
      -- An operator's or admin's journal in the default order (CREATED_AT, and QUEUE_NUMBER's first key).
      CREATE INDEX application_region_created_idx ON queue.application (region_id, created_at, id);
      -- number: exact or prefix (LIKE 'УО.2025.%'), whatever the database's collation.
      CREATE INDEX application_number_prefix_idx ON queue.application (number text_pattern_ops);
      CREATE INDEX application_child_iin_idx ON queue.application (child_iin);
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
      DROP INDEX queue.application_child_iin_idx; DROP INDEX queue.application_number_prefix_idx;
      DROP INDEX queue.application_region_created_idx;
    `);
  }
}
