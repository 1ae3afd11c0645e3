import { MigrationInterface, QueryRunner } from 'typeorm';

export class Users1767000000000 implements MigrationInterface {
  name = 'Users1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity."user" (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        iin char(12) NOT NULL UNIQUE CHECK (iin ~ '^[0-9]{12}$'),
        full_name text NOT NULL,
        surname text NOT NULL,
        given_name text NOT NULL,
        patronymic text,
        email text,
        phone text CHECK (phone IS NULL OR phone ~ '^\\+7[0-9]{10}$'),
        roles text[] NOT NULL DEFAULT '{APPLICANT}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity."user"`);
  }
}
