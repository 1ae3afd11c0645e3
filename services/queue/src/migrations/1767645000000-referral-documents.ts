import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R22: a referral's document names its referral, of the same application (a composite key), and
 * has one current version: extending the referral (R14) supersedes it with a new one, the old one
 * staying verifiable. No REFERRAL document was issued before this migration.
 */
export class ReferralDocuments1767645000000 implements MigrationInterface {
  name = 'ReferralDocuments1767645000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE queue.referral ADD CONSTRAINT referral_id_application_uq UNIQUE (id, application_id);
      ALTER TABLE queue.issued_document
        ADD COLUMN referral_id uuid,
        ADD COLUMN superseded_at timestamptz,
        ADD CONSTRAINT issued_document_referral_fk FOREIGN KEY (referral_id, application_id)
          REFERENCES queue.referral (id, application_id),
        ADD CONSTRAINT issued_document_referral_kind CHECK ((kind = 'REFERRAL') = (referral_id IS NOT NULL)),
        ADD CONSTRAINT issued_document_superseded_referral CHECK (superseded_at IS NULL OR kind = 'REFERRAL');
      CREATE UNIQUE INDEX issued_document_referral_current_uq ON queue.issued_document (referral_id)
        WHERE superseded_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX queue.issued_document_referral_current_uq;
      ALTER TABLE queue.issued_document DROP COLUMN superseded_at, DROP COLUMN referral_id;
      ALTER TABLE queue.referral DROP CONSTRAINT referral_id_application_uq;
    `);
  }
}
