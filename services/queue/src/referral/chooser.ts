import { DataSource, EntityManager } from 'typeorm';
import { EntityRows, preparedQuery } from '@kezek/database';
import { Application } from '../application/application.entity';
import { OfferStatus } from '../offer/models/offer-status.enum';
import { Offer } from '../offer/offer.entity';
import { isCurrentOffer } from '../offer/offer.rules';
import { KindergartenBlock } from './kindergarten-block.entity';

/** What a choice is checked against: the application, its offer if still open and the kindergartens closed to it (R15). */
export interface Chooser {
  app: Application | null;
  offer: Offer | null;
  blocked: ReadonlySet<string>;
}

interface ChooserStatement {
  sql: string;
  /** The same, with the application's row locked for the transaction. */
  locking: string;
  app: EntityRows<Application>;
  offer: EntityRows<Offer>;
}

const statements = new WeakMap<DataSource, ChooserStatement>();

/** One row per block (one row with none): the application, its open offer, one blocked kindergarten. */
function chooserStatement(dataSource: DataSource): ChooserStatement {
  let statement = statements.get(dataSource);
  if (statement) return statement;
  const app = new EntityRows(dataSource, Application, 'a');
  const offer = new EntityRows(dataSource, Offer, 'o');
  const block = new EntityRows(dataSource, KindergartenBlock, 'b');
  const sql = `SELECT ${app.select}, ${offer.select}, ${block.column('kindergartenId')} AS blocked
    FROM ${app.table} "a"
    LEFT JOIN ${offer.table} "o" ON ${offer.column('applicationId')} = ${app.column('id')} AND ${offer.column('status')} = $2
    LEFT JOIN ${block.table} "b" ON ${block.column('applicationId')} = ${app.column('id')} AND ${block.column('until')} >= $3
    WHERE ${app.column('id')} = $1`;
  statement = { sql, locking: `${sql} FOR UPDATE OF "a"`, app, offer };
  statements.set(dataSource, statement);
  return statement;
}

/**
 * The application with its open offer and the kindergartens closed to it at `now`, in one
 * statement: what `availableGroups` lists from, and what a choice is checked against at prepare
 * and again at submit (most of a release-day race is these checks). `lock`: the application's row
 * locked for the transaction.
 */
export async function loadChooser(
  manager: EntityManager,
  applicationId: string,
  now: Date,
  lock = false,
): Promise<Chooser> {
  const statement = chooserStatement(manager.connection);
  const rows = await preparedQuery<Record<string, unknown>>(manager, lock ? statement.locking : statement.sql, [
    applicationId,
    OfferStatus.OPEN,
    now,
  ]);
  const app = rows.length > 0 ? statement.app.read(rows[0]) : null;
  if (!app) return { app: null, offer: null, blocked: new Set() };
  const offer = statement.offer.read(rows[0]);
  return {
    app,
    offer: offer && isCurrentOffer(offer, now) ? offer : null,
    blocked: new Set(rows.flatMap((row) => (row.blocked == null ? [] : [String(row.blocked)]))),
  };
}
