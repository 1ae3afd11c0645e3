import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ALMATY_OFFSET_MINUTES } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { queueData } from '../data-source';
import { LogVerification, verifyAllocationLog } from './log/verify-allocation-log';

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

/**
 * `npm run verify-log -- --portal almaty [--from 2026-03-01] [--to 2026-03-31]`: replays the
 * portal's allocation log (DATABASE_URL, queue's schema) and prints the report as JSON. Exit 0
 * when every round in the window is reproduced and the chain and its signed heads hold, 1 when
 * anything differs, 64 on bad arguments.
 */
export async function runVerifyLog(
  argv: string[],
  databaseUrl: string | undefined,
): Promise<{ code: number; report?: LogVerification; error?: string }> {
  let portal: string;
  let window: { from?: Date; to?: Date };
  try {
    const { values } = parseArgs({
      args: argv,
      options: { portal: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
      strict: true,
    });
    if (!values.portal) throw new Error('--portal: is required');
    if (!databaseUrl) throw new Error('DATABASE_URL: is required');
    portal = values.portal;
    window = { from: instant(values.from, false, 'from'), to: instant(values.to, true, 'to') };
  } catch (e) {
    return { code: 64, error: (e as Error).message };
  }
  const db = await createDataSource(queueData, databaseUrl).initialize();
  try {
    const report = await verifyAllocationLog(db.manager, portal, window);
    const ok = !report.chain.length && !report.differing.length && !report.badHeads.length;
    return { code: ok ? 0 : 1, report };
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  runVerifyLog(process.argv.slice(2), process.env.DATABASE_URL).then(
    ({ code, report, error }) => {
      if (error) process.stderr.write(`${error}\n`);
      if (report) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      process.exit(code);
    },
    (e) => {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
