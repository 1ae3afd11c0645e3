import { MigrationInterface, QueryRunner } from 'typeorm';

export class Registry1767000000000 implements MigrationInterface {
  name = 'Registry1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE vacancies.region (
        id text PRIMARY KEY,
        name_kk text NOT NULL,
        name_ru text NOT NULL
      );
      CREATE TABLE vacancies.district (
        id text PRIMARY KEY,
        region_id text NOT NULL REFERENCES vacancies.region(id),
        name_kk text NOT NULL,
        name_ru text NOT NULL
      );
      CREATE INDEX district_region_idx ON vacancies.district (region_id);
      CREATE TABLE vacancies.kindergarten (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name_kk text NOT NULL,
        name_ru text NOT NULL,
        address text NOT NULL,
        phone text,
        lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lng double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
        region_id text NOT NULL REFERENCES vacancies.region(id),
        district_id text NOT NULL REFERENCES vacancies.district(id),
        is_state boolean NOT NULL,
        languages text[] NOT NULL CHECK (cardinality(languages) > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX kindergarten_region_district_idx ON vacancies.kindergarten (region_id, district_id);
      CREATE TABLE vacancies."group" (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kindergarten_id uuid NOT NULL REFERENCES vacancies.kindergarten(id) ON DELETE CASCADE,
        group_year int NOT NULL CHECK (group_year BETWEEN 2000 AND 2100),
        language text NOT NULL CHECK (language IN ('KK', 'RU', 'EN', 'OTHER')),
        capacity int NOT NULL CHECK (capacity > 0),
        free_seats int NOT NULL DEFAULT 0 CHECK (free_seats >= 0 AND free_seats <= capacity)
      );
      CREATE INDEX group_kindergarten_idx ON vacancies."group" (kindergarten_id);
      CREATE INDEX group_year_language_idx ON vacancies."group" (group_year, language);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE vacancies."group"; DROP TABLE vacancies.kindergarten; DROP TABLE vacancies.district; DROP TABLE vacancies.region;`,
    );
  }
}
