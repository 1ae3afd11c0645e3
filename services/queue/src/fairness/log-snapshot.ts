import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createDataSource } from '@kezek/database';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { queueData } from '../data-source';
import { runCommand } from './command';
import { appendOpeningSnapshot } from './log/allocation-log';

/** The children a later round may pick or move past: every status but those out of the queue for good. */
const SNAPSHOT_STATUSES = Object.values(ApplicationStatus).filter(
  (s) => ![ApplicationStatus.ENROLLED, ApplicationStatus.WITHDRAWN, ApplicationStatus.REMOVED].includes(s),
);

export type LogSnapshotOutcome = { code: number; appended?: number; error?: string };

/**
 * `npm run log-snapshot -- --portal astana`: once, on a deployment whose queue predates the
 * allocation log, appends the log's opening snapshot of that portal (queue's database,
 * DATABASE_URL) and prints how many entries it appended; a second run appends none. Exit 0, 64 on
 * bad arguments.
 */
export async function runLogSnapshot(
  argv: string[],
  databaseUrl: string | undefined,
  now = new Date(),
): Promise<LogSnapshotOutcome> {
  let portal: string;
  try {
    const { values } = parseArgs({ args: argv, options: { portal: { type: 'string' } }, strict: true });
    if (!values.portal) throw new Error('--portal: is required');
    if (!databaseUrl) throw new Error('DATABASE_URL: is required');
    portal = values.portal;
  } catch (e) {
    return { code: 64, error: (e as Error).message };
  }
  const db = await createDataSource(queueData, databaseUrl).initialize();
  try {
    return { code: 0, appended: await appendOpeningSnapshot(db, portal, now, SNAPSHOT_STATUSES) };
  } finally {
    await db.destroy();
  }
}

if (require.main === module)
  runCommand(runLogSnapshot(process.argv.slice(2), process.env.DATABASE_URL), (o) =>
    o.appended === undefined ? undefined : { appended: o.appended },
  );
