import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL primary with a streaming replica of it, each in its own data directory and port. */
export interface ReplicatedPostgres {
  /** postgres://…/postgres on the primary and on the replica. */
  primaryUrl: string;
  replicaUrl: string;
  /** The replica's URL for another database of the primary (replicated as every database is). */
  replicaUrlOf(database: string): string;
  stopReplica(): void;
  stop(): void;
}

/** PostgreSQL's server binaries (`pg_config --bindir`), if this machine has them. */
function binaries(): string | undefined {
  const found = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = found.status === 0 ? found.stdout.trim() : undefined;
  return dir && ['initdb', 'pg_ctl', 'pg_basebackup'].every((b) => existsSync(join(dir, b))) ? dir : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Why a replicated pair cannot be started here, or undefined when it can. */
export function replicationUnavailable(): string | undefined {
  if (!binaries())
    return 'PostgreSQL server binaries (pg_config --bindir with initdb, pg_ctl, pg_basebackup) are absent';
  if (userInfo().uid === 0 && spawnSync('runuser', ['-u', 'postgres', '--', 'true']).status !== 0)
    return 'running as root without a postgres user to run PostgreSQL as';
  return undefined;
}

/**
 * Starts a throw-away primary (replication allowed from 127.0.0.1) and a streaming replica made
 * with `pg_basebackup -R` — the read replica analytics read, for real, in a test. PostgreSQL
 * refuses to run as root: under root every command runs as the `postgres` user.
 */
export async function startReplicatedPostgres(): Promise<ReplicatedPostgres> {
  const bin = binaries();
  if (!bin) throw new Error(replicationUnavailable());
  const asPostgres = userInfo().uid === 0;
  const run = (tool: string, args: string[]) =>
    asPostgres
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, tool), args, { stdio: 'pipe' });
  const dir = mkdtempSync(join(tmpdir(), 'kezek-replica-'));
  chmodSync(dir, 0o777);
  if (asPostgres) execFileSync('chown', ['postgres', dir]);
  const primary = join(dir, 'primary');
  const replica = join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const url = (port: number, database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const started: string[] = [];
  const stopOne = (data: string) => {
    if (!started.includes(data)) return;
    run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    started.splice(started.indexOf(data), 1);
  };
  const stop = () => {
    for (const data of [...started].reverse()) stopOne(data);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', primary, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
    appendFileSync(
      join(primary, 'postgresql.conf'),
      `\nport = ${primaryPort}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\n` +
        `wal_level = replica\nmax_wal_senders = 4\nfsync = off\nsynchronous_commit = off\n`,
    );
    appendFileSync(join(primary, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n');
    run('pg_ctl', ['-D', primary, '-l', join(dir, 'primary.log'), '-w', 'start']);
    started.push(primary);
    run('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replica,
      '-R',
      '-X',
      'stream',
    ]);
    appendFileSync(join(replica, 'postgresql.conf'), `\nport = ${replicaPort}\n`);
    run('pg_ctl', ['-D', replica, '-l', join(dir, 'replica.log'), '-w', 'start']);
    started.push(replica);
  } catch (e) {
    stop();
    throw e;
  }
  return {
    primaryUrl: url(primaryPort),
    replicaUrl: url(replicaPort),
    replicaUrlOf: (database) => url(replicaPort, database),
    stopReplica: () => stopOne(replica),
    stop,
  };
}
