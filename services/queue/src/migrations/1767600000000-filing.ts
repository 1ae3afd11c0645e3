import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Filing (prepareApplication → submitSigned): the portal an application belongs to, its number's
 * parts, what the parent asked for (language, privilege document), who may act on it (R9), and a
 * gap-free number counter per portal and year.
 */
export class Filing1767600000000 implements MigrationInterface {
  name = 'Filing1767600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE queue.application
        ADD COLUMN portal_id text,
        ADD COLUMN number_version int NOT NULL DEFAULT 1 CHECK (number_version >= 1),
        ADD COLUMN language text CHECK (language IN ('KK', 'RU', 'EN', 'OTHER')),
        ADD COLUMN applicant_full_name text NOT NULL DEFAULT '',
        ADD COLUMN applicant_ids uuid[],
        ADD COLUMN privilege_document_kind text,
        ADD COLUMN privilege_document_number text,
        ADD COLUMN privilege_document_issued_on date,
        ADD COLUMN privilege_document_issuer text;
      -- Rows filed before this migration: the portals that served their regions by default.
      UPDATE queue.application SET
        portal_id = CASE region_id WHEN 'akmola' THEN 'akmola-region' WHEN 'karaganda' THEN 'karaganda-region'
                    ELSE region_id END,
        applicant_ids = ARRAY[applicant_id];
      ALTER TABLE queue.application
        ALTER COLUMN portal_id SET NOT NULL,
        ALTER COLUMN applicant_ids SET NOT NULL,
        ALTER COLUMN applicant_full_name DROP DEFAULT,
        ADD CONSTRAINT application_applicant_listed CHECK (applicant_id = ANY (applicant_ids)),
        -- A privilege is claimed with its document (new rows; older ones were filed without).
        ADD CONSTRAINT application_privilege_document CHECK (
          privilege = 'NONE' OR (privilege_document_kind IS NOT NULL AND privilege_document_number IS NOT NULL
            AND privilege_document_issued_on IS NOT NULL AND privilege_document_issuer IS NOT NULL)) NOT VALID;
      -- Numbers are per portal (each city numbers its own applications), never reused.
      ALTER TABLE queue.application DROP CONSTRAINT application_number_key;
      CREATE UNIQUE INDEX application_portal_number_uq ON queue.application (portal_id, number);
      -- R9: the journal of a person lists what they filed or attached.
      CREATE INDEX application_applicant_ids_idx ON queue.application USING gin (applicant_ids);

      -- Gap-free: the row lock serialises a portal's filings of a year for the length of the
      -- filing transaction, and a rolled-back filing gives its number back.
      CREATE TABLE queue.application_number_counter (
        portal_id text NOT NULL,
        year int NOT NULL,
        last_value int NOT NULL CHECK (last_value > 0),
        PRIMARY KEY (portal_id, year)
      );
      INSERT INTO queue.application_number_counter (portal_id, year, last_value)
        SELECT portal_id, split_part(number, '.', 2)::int, max(split_part(number, '.', 3)::int)
        FROM queue.application WHERE number ~ '^УО\\.[0-9]{4}\\.[0-9]{6}\\.[0-9]+$'
        GROUP BY 1, 2;
      DROP SEQUENCE queue.application_number_seq;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE SEQUENCE queue.application_number_seq;
      DROP TABLE queue.application_number_counter;
      DROP INDEX queue.application_applicant_ids_idx;
      DROP INDEX queue.application_portal_number_uq;
      ALTER TABLE queue.application ADD CONSTRAINT application_number_key UNIQUE (number);
      ALTER TABLE queue.application
        DROP CONSTRAINT application_privilege_document, DROP CONSTRAINT application_applicant_listed,
        DROP COLUMN portal_id, DROP COLUMN number_version, DROP COLUMN language, DROP COLUMN applicant_full_name,
        DROP COLUMN applicant_ids, DROP COLUMN privilege_document_kind, DROP COLUMN privilege_document_number,
        DROP COLUMN privilege_document_issued_on, DROP COLUMN privilege_document_issuer;
    `);
  }
}
