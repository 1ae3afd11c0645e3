import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ALMATY_OFFSET_MINUTES } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { LogEntry } from '@kezek/fairness';
import { queueData } from '../data-source';
import { runCommand } from './command';
import { LogVerification, verifyAllocationLog, verifyEntries } from './log/verify-allocation-log';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD is an Almaty day (its start for --from, its end for --to); anything else an ISO instant. */
function instant(text: string | undefined, end: boolean, name: string): Date | undefined {
  if (text === undefined) return undefined;
  const at = DAY.test(text)
    ? new Date(Date.parse(`${text}T00:00:00Z`) - ALMATY_OFFSET_MINUTES * 60_000 + (end ? 86_400_000 - 1 : 0))
    : new Date(text);
  if (Number.isNaN(at.getTime())) throw new Error(`--${name}: must be YYYY-MM-DD (Almaty) or an ISO instant`);
  return at;
}

/** A log saved from the public `allocationLog` query (bodies as it returns them: JSON text). */
function entriesOf(file: string, portalId: string): LogEntry[] {
  const rows = JSON.parse(readFileSync(file, 'utf8')) as Array<Omit<LogEntry, 'portalId' | 'body'> & { body: unknown }>;
  if (!Array.isArray(rows)) throw new Error('--file: must hold the array the allocationLog query returns');
  return rows.map((r) => ({
    ...r,
    portalId,
    body: (typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as LogEntry['body'],
  }));
}

export type VerifyLogOutcome = { code: number; report?: LogVerification; error?: string };

/**
 * `npm run verify-log -- --portal almaty [--from 2026-03-01] [--to 2026-03-31] [--file log.json]`:
 * replays the portal's allocation log — queue's database (DATABASE_URL), or with --file a log
 * saved from the public `allocationLog` query, which needs nothing of ours — and prints the report
 * as JSON. Exit 0 when every round in the window is reproduced and the chain (and, from the
 * database, its signed heads) hold, 1 when anything differs, 64 on bad arguments.
 */
export async function runVerifyLog(argv: string[], databaseUrl: string | undefined): Promise<VerifyLogOutcome> {
  let input: { portal: string; file?: string; from?: Date; to?: Date };
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        portal: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        file: { type: 'string' },
      },
      strict: true,
    });
    if (!values.portal) throw new Error('--portal: is required');
    if (!values.file && !databaseUrl) throw new Error('DATABASE_URL: is required (or --file)');
    input = {
      portal: values.portal,
      file: values.file,
      from: instant(values.from, false, 'from'),
      to: instant(values.to, true, 'to'),
    };
  } catch (e) {
    return { code: 64, error: (e as Error).message };
  }
  const report = input.file
    ? { ...verifyEntries(entriesOf(input.file, input.portal), input), heads: 0, badHeads: [] }
    : await fromDatabase(databaseUrl!, input.portal, input);
  const ok = !report.chain.length && !report.differing.length && !report.badHeads.length;
  return { code: ok ? 0 : 1, report };
}

async function fromDatabase(url: string, portal: string, window: { from?: Date; to?: Date }) {
  const db = await createDataSource(queueData, url).initialize();
  try {
    return await verifyAllocationLog(db.manager, portal, window);
  } finally {
    await db.destroy();
  }
}

if (require.main === module) runCommand(runVerifyLog(process.argv.slice(2), process.env.DATABASE_URL), (o) => o.report);
