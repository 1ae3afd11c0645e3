import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R22: one row per issued document of an application, with what it states (fixed at issue), the
 * SHA-256 of that content and the unguessable code printed on it for the public check.
 */
export class Documents1767620000000 implements MigrationInterface {
  name = 'Documents1767620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE queue.issued_document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES queue.application(id),
        kind text NOT NULL CHECK (kind IN ('REGISTRATION_NOTICE', 'DOCUMENTS_RECEIPT', 'BOOK_REGISTRATION', 'CHILD_CARD', 'REFERRAL')),
        issued_at timestamptz NOT NULL,
        verification_code text NOT NULL UNIQUE CHECK (verification_code ~ '^[A-Z2-7]{20}$'),
        content jsonb NOT NULL,
        content_sha256 char(64) NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$')
      );
      -- The filing documents are issued once per application; referrals bring one each later.
      CREATE UNIQUE INDEX issued_document_filing_uq ON queue.issued_document (application_id, kind)
        WHERE kind <> 'REFERRAL';
      CREATE INDEX issued_document_application_idx ON queue.issued_document (application_id, issued_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE queue.issued_document`);
  }
}
