import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateTokenKeyPair } from '@kezek/auth';
import { DEMO_PEOPLE } from '@kezek/demo';
import { startDevCivilRegistry } from '@kezek/dev-civil-registry';
import { startDevSmsProvider } from '@kezek/dev-messaging';
import { DEFAULT_P12_PASSWORD, DevPki, startDevPkiServer } from '@kezek/dev-pki';
import { MODULE, signWithEmulator, startNcaLayerEmulator } from '@kezek/ncalayer-emulator';
import { createDatabase } from '@kezek/postgres';
import { startReplicatedPostgres } from '@kezek/testing';
import { migrateAll } from '../migrate/migrate';
import { issueDemoReferral } from './demo-journey';
import { DemoSignerKeys, ensureDemoPeople, PKI_DIR } from './pki';
import { seedAll } from './seed';
import { devTrustEnv, startStack } from './stack';
import { ensurePostgres, ensureRedis } from './stores';
import { ROOT, spawnProcess } from './processes';

// `npm start`: the whole graph on one machine with embedded defaults (README, quick start).
const STATE = join(ROOT, '.kezek');
const LOG_DIR = join(STATE, 'logs');
const started = Date.now();
const say = (m: string) => process.stdout.write(`${m}\n`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
/** maildev's SMTP port and web page: the notifications worker sends there, people read the mail there. */
const MAIL_SMTP_PORT = Number(process.env.MAILDEV_SMTP_PORT ?? 1025);
const MAIL_WEB_PORT = Number(process.env.MAILDEV_WEB_PORT ?? 1080);

/** Prints each process's log line compactly: `[queue] message` (errors in full). */
function printLine(name: string, line: string) {
  try {
    const entry = JSON.parse(line) as { level: number; msg?: string; err?: unknown; context?: string };
    if (entry.level >= 40 || (entry.level >= 30 && !entry.context))
      say(`[${name}] ${entry.msg ?? ''}${entry.err ? ` ${JSON.stringify(entry.err)}` : ''}`);
  } catch {
    say(`[${name}] ${line}`);
  }
}

/**
 * A throw-away primary and its streaming replica (`pg_basebackup -R`, the system PostgreSQL's
 * server binaries, as the replica test uses): the stand's data lives only as long as it runs.
 */
async function replicatedPostgres() {
  say('PostgreSQL: a throw-away primary and its streaming replica (KEZEK_REPLICA=1; data gone at exit)');
  const pair = await startReplicatedPostgres();
  say(`  primary ${pair.primaryUrl}, replica ${pair.replicaUrl}`);
  return { url: pair.primaryUrl, replicaUrlOf: pair.replicaUrlOf, stop: async () => pair.stop() };
}

function devKeys(): { privateKeyPem: string; publicKeyPem: string } {
  const dir = join(STATE, 'keys');
  const file = join(dir, 'jwt.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dir, { recursive: true });
  const keys = generateTokenKeyPair();
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

/** How to sign in as each demo person: whose IIN, which files, and how the emulator picks the key. */
function printSigners(people: DemoSignerKeys[], emulatorUrl: string) {
  say(
    `\nSign in (NCALayer emulator on ${emulatorUrl}; it signs with the selected person's AUTH key for authChallenge, SIGN key for prepare…):`,
  );
  for (const p of people) {
    const roles = DEMO_PEOPLE.find((d) => d.iin === p.iin)!.roles.join(', ');
    say(`  ${p.name.padEnd(34)} IIN ${p.iin}  ${roles}`);
    say(`    AUTH ${p.auth.files.p12}`);
    say(`    SIGN ${p.sign.files.p12}`);
  }
  say(
    `  .p12 password ${DEFAULT_P12_PASSWORD}. The emulator signs as ${people[0].name} (IIN ${people[0].iin}) until a portal sends`,
  );
  say(`  { "module": "${MODULE.emulator}", "method": "selectKey", "args": { "iin": "<IIN>" } } on the same socket.`);
  say(
    '  Flow: query { authChallenge { xml } } → NCALayer signXml(AUTH) → mutation { signIn(signedXml) { accessToken } }.',
  );
}

async function main() {
  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('\nstopping…');
    for (const stop of stops.reverse()) await stop().catch((e) => say(`  ${(e as Error).message}`));
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    // KEZEK_REPLICA=1: analytics on a real streaming replica, as deployed (the statistics say REPLICA and its lag).
    const replica = process.env.KEZEK_REPLICA === '1' && !process.env.DATABASE_URL ? await replicatedPostgres() : null;
    if (!replica)
      say(process.env.DATABASE_URL ? 'PostgreSQL: DATABASE_URL' : 'PostgreSQL: embedded (data in .kezek/pg)');
    const pg = replica ?? (await ensurePostgres({ dataDir: join(STATE, 'pg'), persistent: true, log: say }));
    stops.push(pg.stop);
    const databaseUrl = process.env.DATABASE_URL ?? (await createDatabase(pg.url, 'kezek'));
    say(process.env.REDIS_URL ? 'Redis: REDIS_URL' : 'Redis: redis-server from PATH');
    const redis = await ensureRedis({ log: say });
    stops.push(redis.stop);
    say(`stores ready (${elapsed()}); migrating…`);
    await migrateAll(databaseUrl, (m) => say(`  ${m}`));
    await seedAll(databaseUrl, new Date(), (m) => say(`  ${m}`));
    const keys = devKeys();
    say(`dev PKI in ${PKI_DIR}: keys for the demo people…`);
    const pki = await DevPki.open({ dir: PKI_DIR });
    const signers = await ensureDemoPeople(pki, DEMO_PEOPLE);
    const pkiServer = await startDevPkiServer({ pki });
    stops.push(pkiServer.close);
    const emulator = await startNcaLayerEmulator({ pki, iin: signers[0].iin });
    stops.push(emulator.close);
    const civilRegistry = await startDevCivilRegistry();
    stops.push(civilRegistry.close);
    // The mail catcher (maildev, its own process) and the dev SMS provider the notices go to.
    const mailCatcher = await spawnProcess({
      name: 'maildev',
      script: 'node_modules/maildev/dist/bin/maildev.js',
      port: MAIL_WEB_PORT,
      env: {
        MAILDEV_SMTP_PORT: String(MAIL_SMTP_PORT),
        MAILDEV_WEB_PORT: String(MAIL_WEB_PORT),
        MAILDEV_IP: '127.0.0.1',
        MAILDEV_WEB_IP: '127.0.0.1',
      },
      healthPath: '/api/healthz',
      onLine: () => undefined,
    });
    stops.push(mailCatcher.stop);
    const smsProvider = await startDevSmsProvider();
    stops.push(smsProvider.close);
    say(`starting services (${elapsed()})…`);
    // A development stand runs the graph's manual clock (an ADMIN's advanceClock moves it); production refuses it.
    const nodeEnv = process.env.NODE_ENV ?? 'development';
    const clock = process.env.CLOCK ?? (nodeEnv === 'production' ? 'system' : 'manual');
    const stack = await startStack({
      databaseUrl,
      redisUrl: redis.url,
      jwtPublicKeyPem: keys.publicKeyPem,
      jwtPrivateKeyPem: keys.privateKeyPem,
      ports: 'default',
      workers: true,
      gateway: true,
      trust: devTrustEnv(pki, pkiServer.url),
      civilRegistryUrl: civilRegistry.url,
      messaging: { SMTP_URL: `smtp://127.0.0.1:${MAIL_SMTP_PORT}`, SMS_PROVIDER_URL: smsProvider.url },
      // The playground's "Sign in with NCALayer" signs with the emulator (NCALayer's own port, plain ws).
      env: {
        NODE_ENV: nodeEnv,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
        CLOCK: clock,
        PLAYGROUND_NCALAYER_URL: emulator.url,
        ...(replica ? { DATABASE_REPLICA_URLS: replica.replicaUrlOf('kezek') } : {}),
      },
      logDir: LOG_DIR,
      onLine: printLine,
    });
    stops.push(stack.stop);
    // The demo referral, as a parent gets it through the gateway; a demo stand without it still serves.
    await issueDemoReferral(stack.gatewayUrl!, (xml, iin, type) => signWithEmulator(emulator.url, xml, { iin, type }))
      .then((r) => say(`demo referral ${r.number} ${r.issued ? 'issued' : 'already issued'} (the first demo child's)`))
      .catch((e) => say(`demo referral not issued: ${(e as Error).message}`));
    say(`\nKezek is up in ${elapsed()}.`);
    say(`  GraphQL gateway and playground: ${stack.gatewayUrl}  (header x-kezek-portal: astana)`);
    say(`  try: { kindergartens(regionId: "astana") { name address groups { groupYear language freeSeats } } }`);
    if (clock === 'manual')
      say('  manual clock: an ADMIN moves it, e.g. mutation { advanceClock(by: "P3D") { now processes } }');
    say(`  logs: ${LOG_DIR}/<process>.log (warnings and errors also here)`);
    say(`  dev PKI (CRL, OCSP) on ${pkiServer.url}`);
    say(`  dev civil registry (demo birth records; POST /v1/parentage) on ${civilRegistry.url}`);
    say(`  mail catcher (maildev): notices' e-mails at http://127.0.0.1:${MAIL_WEB_PORT}/index.html`);
    say(`  dev SMS provider: the SMS sent at ${smsProvider.url}/v1/messages`);
    printSigners(signers, emulator.url);
    say('Ctrl-C stops everything started here.');
  } catch (e) {
    say(`\nstart failed: ${(e as Error).message}`);
    await shutdown(1);
  }
}

void main();
