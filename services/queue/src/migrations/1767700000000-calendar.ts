import { MigrationInterface, QueryRunner } from 'typeorm';
import { KAZAKHSTAN_DEFAULT_YEARS, validateCalendarYear } from '@kezek/calendar';

/**
 * R2: the working-day calendar operators keep, and its append-only audit trail.
 *
 * The one migration that imports more than typeorm: it loads the default years that ship with the
 * code (R2), checked by the same `validateCalendarYear` every operator's change passes, rather than
 * a copy that could drift from the library's tested data. Later shipped years reach an existing
 * database as an operator's `loadCalendarYear` (or a migration of their own), never by editing this.
 */
export class Calendar1767700000000 implements MigrationInterface {
  name = 'Calendar1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE queue.calendar_year (
        year int PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        data jsonb NOT NULL CHECK ((data ->> 'year')::int = year),
        -- Raised by every change: the sum over the years tells a process its cached calendar is stale.
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      );

      CREATE TABLE queue.calendar_change (
        id bigserial PRIMARY KEY,
        year int NOT NULL REFERENCES queue.calendar_year(year),
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL CHECK (action IN ('LOAD_YEAR', 'SET_HOLIDAY', 'SET_TRANSFER_DAY', 'REMOVE_DAY')),
        date date,
        before jsonb,
        after jsonb,
        reason text NOT NULL CHECK (length(btrim(reason)) > 0),
        CHECK ((action = 'LOAD_YEAR') = (date IS NULL))
      );
      CREATE INDEX calendar_change_year_idx ON queue.calendar_change (year, id);
      -- The trail of who changed the calendar is never edited, like an application's history (R21).
      CREATE FUNCTION queue.refuse_calendar_change_edit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'calendar_change is append-only'; END $$;
      CREATE TRIGGER calendar_change_append_only BEFORE UPDATE OR DELETE ON queue.calendar_change
        FOR EACH ROW EXECUTE FUNCTION queue.refuse_calendar_change_edit();
    `);
    for (const shipped of KAZAKHSTAN_DEFAULT_YEARS) {
      const data = validateCalendarYear(shipped);
      await q.query(
        `INSERT INTO queue.calendar_year (year, data, updated_at, updated_by) VALUES ($1, $2, now(), 'system')`,
        [data.year, JSON.stringify(data)],
      );
      await q.query(
        `INSERT INTO queue.calendar_change (year, at, actor, action, after, reason)
         VALUES ($1, now(), 'system', 'LOAD_YEAR', $2, 'the default shipped with the code (R2)')`,
        [data.year, JSON.stringify(data)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE queue.calendar_change; DROP FUNCTION queue.refuse_calendar_change_edit();
      DROP TABLE queue.calendar_year;
    `);
  }
}
