import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JournalFilter } from './journal.schema';
import { containing, countsFromTally, keyAsText, keysetCondition, SortKey, startingWith } from './journal.rules';
import { IN_QUEUE_STATUSES } from './models/application-status.enum';
import { SortDirection } from './models/sort-direction.enum';
import { JournalScope } from './visibility.rules';

/** A literal, not a parameter, so the planner matches the partial index application_queue_order_idx. */
const COUNTED = `a.status IN (${IN_QUEUE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** A place in a queue (R5) as (created_at, number), the text of created_at keeping its microseconds. */
export interface QueueKey {
  createdAt: string;
  number: string;
}

/** The journal's FROM and WHERE clauses, built with positional parameters. */
class Conditions {
  readonly sql: string[] = [];
  readonly params: unknown[] = [];
  /** `WITH … SELECT … FROM ${from}`: the rows the scope starts from. */
  from = 'application a';
  with = '';

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(sql: string): void {
    this.sql.push(sql);
  }

  /** `=` for one value, so an index on the column also gives the order (`= ANY` would not). */
  oneOf(column: string, values: string[]): string {
    return values.length === 1 ? `${column} = ${this.param(values[0])}` : `${column} = ANY(${this.param(values)})`;
  }

  toString(): string {
    return this.sql.length ? this.sql.join(' AND ') : 'true';
  }
}

@Injectable()
export class JournalRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The (created_at, number) of the given place of a queue, by OFFSET within its order index; null past its end. */
  async queueKeyAt(queueAreaId: string, groupYear: number, place: number): Promise<QueueKey | null> {
    const rows: Array<{ created_at: string; number: string }> = await this.db.query(
      `SELECT ${keyAsText({ column: 'a.created_at', type: 'timestamptz' })} AS created_at, a.number
       FROM application a WHERE a.queue_area_id = $1 AND a.group_year = $2 AND ${COUNTED}
       ORDER BY a.created_at, a.number OFFSET $3 LIMIT 1`,
      [queueAreaId, groupYear, place - 1],
    );
    return rows.length ? { createdAt: rows[0].created_at, number: rows[0].number } : null;
  }

  /** Exact: summed from the tally the database keeps (a few rows) when countsFromTally allows, else counted. */
  async count(scope: JournalScope, filter: JournalFilter, places: PlaceBounds | null): Promise<number> {
    const where = this.where(scope, filter, places);
    // The tally's columns bear the application's names, so the same conditions pick its rows.
    const sql = countsFromTally(scope, filter)
      ? `SELECT coalesce(sum(a.n), 0) AS n FROM application_tally a WHERE ${where}`
      : `${where.with} SELECT count(*) AS n FROM ${where.from} WHERE ${where}`;
    const [{ n }]: Array<{ n: string }> = await this.db.query(sql, where.params);
    return Number(n);
  }

  /** Up to `limit` ids in sort order after the cursor's row, each with its sort keys as text. */
  async page(
    scope: JournalScope,
    filter: JournalFilter,
    places: PlaceBounds | null,
    sort: { keys: SortKey[]; direction: SortDirection },
    after: { keys: string[]; id: string } | undefined,
    limit: number,
  ): Promise<Array<{ id: string; keys: string[] }>> {
    const where = this.where(scope, filter, places);
    if (after) {
      const keyset = keysetCondition(sort.keys, sort.direction, after, where.params.length + 1);
      where.params.push(...keyset.params);
      where.add(keyset.sql);
    }
    const limitParam = where.param(limit);
    const order = [...sort.keys.map((k) => k.column), 'a.id'].map((c) => `${c} ${sort.direction}`).join(', ');
    const rows: Array<Record<string, string>> = await this.db.query(
      `${where.with} SELECT a.id, ${sort.keys.map((k, i) => `${keyAsText(k)} AS k${i}`).join(', ')}
       FROM ${where.from} WHERE ${where} ORDER BY ${order} LIMIT ${limitParam}`,
      where.params,
    );
    return rows.map((r) => ({ id: r.id, keys: sort.keys.map((_, i) => r[`k${i}`]) }));
  }

  private where(scope: JournalScope, filter: JournalFilter, places: PlaceBounds | null): Conditions {
    const c = new Conditions();
    const mine = () => `a.applicant_ids @> ARRAY[${c.param(scope.userId)}]::uuid[]`;
    if (!scope.ownOnlyRegionIds.length) c.add(c.oneOf('a.region_id', scope.wholeRegionIds));
    else if (!scope.wholeRegionIds.length) {
      // A person's applications are a few, found by the GIN index first: left to itself the planner
      // walks a whole region's order index looking for them (0.7 s at 250,000 rows).
      c.with = `WITH own AS MATERIALIZED (SELECT * FROM application a WHERE ${mine()})`;
      c.from = 'own a';
      c.add(c.oneOf('a.region_id', scope.ownOnlyRegionIds));
    } else
      c.add(
        `(${c.oneOf('a.region_id', scope.wholeRegionIds)} OR (${mine()} AND ${c.oneOf('a.region_id', scope.ownOnlyRegionIds)}))`,
      );

    const f = filter;
    if (f.number) c.add(`a.number LIKE ${c.param(startingWith(f.number))}`);
    if (f.childName) c.add(`a.child_full_name ILIKE ${c.param(containing(f.childName))}`);
    if (f.childIin) c.add(`a.child_iin = ${c.param(f.childIin)}`);
    if (f.applicantName) c.add(`a.applicant_full_name ILIKE ${c.param(containing(f.applicantName))}`);
    // R1: days are Asia/Almaty days, whatever offset the city had then.
    if (f.createdFrom) c.add(`a.created_at >= (${c.param(f.createdFrom)}::date)::timestamp AT TIME ZONE 'Asia/Almaty'`);
    if (f.createdTo) c.add(`a.created_at < (${c.param(f.createdTo)}::date + 1)::timestamp AT TIME ZONE 'Asia/Almaty'`);
    if (f.status) c.add(`a.status = ${c.param(f.status)}`);
    if (f.statuses) c.add(c.oneOf('a.status', f.statuses));
    if (f.privilege) c.add(`a.privilege = ${c.param(f.privilege)}`);
    if (f.birthDate) c.add(`a.child_birth_date = ${c.param(f.birthDate)}::date`);
    if (f.birthDateFrom) c.add(`a.child_birth_date >= ${c.param(f.birthDateFrom)}::date`);
    if (f.birthDateTo) c.add(`a.child_birth_date <= ${c.param(f.birthDateTo)}::date`);
    if (f.groupYear !== undefined) c.add(`a.group_year = ${c.param(f.groupYear)}`);
    if (f.queueAreaId) c.add(`a.queue_area_id = ${c.param(f.queueAreaId)}`);
    if (places) {
      c.add(COUNTED);
      c.add(
        `(a.created_at, a.number) >= (${c.param(places.from.createdAt)}::timestamptz, ${c.param(places.from.number)})`,
      );
      if (places.to)
        c.add(
          `(a.created_at, a.number) <= (${c.param(places.to.createdAt)}::timestamptz, ${c.param(places.to.number)})`,
        );
    }
    return c;
  }
}

/** The first and last place a queue-number filter asks for; `to` absent means to the end of the queue. */
export interface PlaceBounds {
  from: QueueKey;
  to?: QueueKey;
}
