import { MigrationInterface, QueryRunner } from 'typeorm';

/** The result of each signed action, keyed by its signing request: a second submit returns it. */
export class SignedActions1767300000000 implements MigrationInterface {
  name = 'SignedActions1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE queue.signed_action (
        request_id uuid PRIMARY KEY,
        action text NOT NULL,
        actor_id uuid NOT NULL,
        signature_id uuid NOT NULL,
        application_id uuid REFERENCES queue.application(id),
        referral_id uuid REFERENCES queue.referral(id),
        performed_at timestamptz NOT NULL,
        CHECK ((application_id IS NULL) <> (referral_id IS NULL))
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE queue.signed_action`);
  }
}
