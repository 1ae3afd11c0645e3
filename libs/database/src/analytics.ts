import { DataSource, EntityManager } from 'typeorm';

/** Where an analytics answer was read. */
export enum AnalyticsSource {
  REPLICA = 'REPLICA',
  PRIMARY = 'PRIMARY',
}

export interface AnalyticsAnswer<T> {
  value: T;
  source: AnalyticsSource;
  /** How far the replica's data is behind the primary, in seconds; 0 when it has replayed all it received. Null on the primary. */
  lagSeconds: number | null;
  /** A replica is configured but did not answer: the primary did (analytics must not stop with a replica). */
  replicaUnavailable: boolean;
}

/** On a standby: nothing left to replay means no lag; else the age of the last transaction replayed. */
const WHERE_AM_I = `SELECT pg_is_in_recovery() AS replica,
  CASE WHEN NOT pg_is_in_recovery() THEN NULL
       WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
       ELSE greatest(0, extract(epoch FROM now() - pg_last_xact_replay_timestamp())) END::float AS lag`;

/**
 * Analytics reads on a read replica (the service's DATABASE_REPLICA_URLS; STYLE: only analytics
 * opts into replicas), every answer saying where it was read and how stale it is. Without a
 * configured replica, or when the replica does not answer, the primary answers, flagged.
 */
export class AnalyticsReader {
  constructor(private readonly db: DataSource) {}

  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<AnalyticsAnswer<T>> {
    const replicated = 'replication' in this.db.options && Boolean(this.db.options.replication);
    if (replicated) {
      const runner = this.db.createQueryRunner('slave');
      try {
        await runner.connect();
        return await this.answer(runner.manager, work, false);
      } catch (e) {
        if (!isConnectionFailure(e)) throw e;
      } finally {
        await runner.release();
      }
    }
    return this.answer(this.db.manager, work, replicated);
  }

  private async answer<T>(
    manager: EntityManager,
    work: (manager: EntityManager) => Promise<T>,
    replicaUnavailable: boolean,
  ): Promise<AnalyticsAnswer<T>> {
    const [where] = (await manager.query(WHERE_AM_I)) as Array<{ replica: boolean; lag: number | null }>;
    const value = await work(manager);
    return {
      value,
      source: where.replica ? AnalyticsSource.REPLICA : AnalyticsSource.PRIMARY,
      lagSeconds: where.lag,
      replicaUnavailable,
    };
  }
}

/** The replica could not be reached (refused, unknown host, timed out, shutting down): not a query's fault. */
function isConnectionFailure(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return (
    ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', '57P01', '57P03'].includes(code) ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(String((e as Error).message))
  );
}
