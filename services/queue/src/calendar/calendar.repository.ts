import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarYear, validateCalendarYear, WorkingCalendar } from '@kezek/calendar';
import { CalendarChangeRecord } from './calendar-change.entity';

/** The calendar as this process last read it, and the version it was read at. */
export interface LoadedCalendar {
  version: number;
  calendar: WorkingCalendar;
}

/** The calendar tables (R2): `queue.calendar_year` (one row of data per year) and its trail `queue.calendar_change`. */
@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The calendar's version: the sum of the years' versions. Every committed change raises one
   * year's version and a new year adds its own, so the sum grows with each commit and two
   * different states never share it (a timestamp would not do: two changes may share an instant).
   */
  async version(manager: EntityManager = this.db.manager): Promise<number> {
    const [row] = await manager.query(`SELECT coalesce(sum(version), 0)::int AS version FROM queue.calendar_year`);
    return row.version;
  }

  /** Every loaded year, with the version of exactly the rows read. */
  async load(manager: EntityManager = this.db.manager): Promise<LoadedCalendar> {
    const rows: Array<{ data: unknown; version: number }> = await manager.query(
      `SELECT data, version FROM queue.calendar_year ORDER BY year`,
    );
    return {
      version: rows.reduce((sum, r) => sum + r.version, 0),
      calendar: new WorkingCalendar(rows.map((r) => r.data)),
    };
  }

  async loadedYears(tx: EntityManager): Promise<number[]> {
    const rows: Array<{ year: number }> = await tx.query(`SELECT year FROM queue.calendar_year ORDER BY year`);
    return rows.map((r) => r.year);
  }

  /** A year's data with its row locked for the change (null when the year is not loaded). */
  async lockYear(tx: EntityManager, year: number): Promise<CalendarYear | null> {
    const [row]: Array<{ data: unknown }> = await tx.query(
      `SELECT data FROM queue.calendar_year WHERE year = $1 FOR UPDATE`,
      [year],
    );
    return row ? validateCalendarYear(row.data) : null;
  }

  async saveYear(tx: EntityManager, data: CalendarYear, at: Date, actor: string): Promise<void> {
    await tx.query(
      `UPDATE queue.calendar_year SET data = $2, version = version + 1, updated_at = $3, updated_by = $4 WHERE year = $1`,
      [data.year, JSON.stringify(data), at, actor],
    );
  }

  /** Inserts a new year; false when another transaction inserted it first. */
  async insertYear(tx: EntityManager, data: CalendarYear, at: Date, actor: string): Promise<boolean> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO queue.calendar_year (year, data, updated_at, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (year) DO NOTHING RETURNING year`,
      [data.year, JSON.stringify(data), at, actor],
    );
    return inserted.length > 0;
  }

  /** Appends to the trail, in the change's transaction. */
  async recordChange(tx: EntityManager, change: Omit<CalendarChangeRecord, 'id'>): Promise<void> {
    await tx.getRepository(CalendarChangeRecord).insert(change);
  }

  /** A year's trail, oldest first. */
  changes(year: number): Promise<CalendarChangeRecord[]> {
    return this.db.getRepository(CalendarChangeRecord).find({ where: { year }, order: { id: 'ASC' } });
  }
}
