import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { generateTokenKeyPair } from '@kezek/auth';
import { DevMailCatcher, DevSmsProvider, startDevMailCatcher, startDevSmsProvider } from '@kezek/dev-messaging';
import { PeopleApi } from '@kezek/identity-api';
import { JobList } from '@kezek/jobs';
import { NoticeFactsApi } from '@kezek/queue-api';
import { GroupsApi } from '@kezek/vacancies-api';
// The bench migrates and spawns the worker with infra's own tooling, as the queue benches do.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { migrateAll } from '../../../infra/migrate/migrate';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { RunningProcess, spawnProcess } from '../../../infra/dev/processes';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { freePort } from '../../../infra/dev/stores';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { benchDatabase } from '../../../infra/dev/bench-database';
import { reportFigure, round3 } from '@kezek/bench-report';

/**
 * Issue 11's benchmark: EVENTS (10,000) OfferMade events in the notifications inbox → every
 * e-mail handed to a real SMTP server (in-process, smtp-server) and every SMS to the development
 * provider, by the real worker process: time and rate. Then the same count again with the worker
 * killed (kill -9) mid-way and restarted: duplicates and losses counted at the SMTP server (by
 * Message-ID) and at the provider (by idempotency key; repeats it absorbed are reported).
 *
 *   npm run bench:notifications   (DATABASE_URL=postgres://… REDIS_URL=redis://…; EVENTS=10000)
 *
 * queue, identity and vacancies are stood in for by one HTTP server answering their internal
 * endpoints (the same paths and shapes) with each event's facts: the bench measures the
 * notifications pipeline, not the other services. It (re)creates the database
 * kezek_bench_notifications and drops it at the end. Goal: 10,000 events in ≤ 60 s.
 */
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const EVENTS = Number(process.env.EVENTS ?? 10_000);
const GOAL_SECONDS = 60;
const DB = 'kezek_bench_notifications';
/** `throughput,kill` (both by default). */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'throughput,kill').split(',').map((p) => p.trim()));

const say = (m: string) => process.stdout.write(`${m}\n`);

interface Person {
  id: string;
  email: string;
  phone: string;
}

/** The facts of every bench application, by id: one applicant with an e-mail and a phone. */
const applications = new Map<string, { number: string; person: Person }>();
const people = new Map<string, Person>();

function makeEvents(n: number, round: number) {
  return Array.from({ length: n }, (_, i) => {
    const applicationId = randomUUID();
    const person = {
      id: randomUUID(),
      email: `parent-${round}-${i}@bench.kezek.kz`,
      phone: `+7701${String(round * 1_000_000 + i).padStart(7, '0')}`,
    };
    applications.set(applicationId, { number: `УО.2026.${String(i).padStart(6, '0')}.${round}`, person });
    people.set(person.id, person);
    const eventId = randomUUID();
    return {
      name: 'OfferMade',
      data: {
        eventId,
        type: 'OfferMade',
        aggregateId: applicationId,
        occurredAt: new Date().toISOString(),
        payload: { offerId: randomUUID(), applicationId, expiresAt: '2026-03-05T18:59:59.999Z' },
      },
      opts: { jobId: eventId },
    };
  });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req as AsyncIterable<Buffer>) text += chunk.toString('utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

/** queue's, identity's and vacancies' internal endpoints the worker calls, answered from `applications`. */
async function startFacts(): Promise<{ url: string; close(): Promise<void> }> {
  const reply = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    void readJson(req).then((body) => {
      if (req.url === NoticeFactsApi.find.path) {
        const app = applications.get(body.applicationId as string)!;
        return reply(res, {
          application: {
            id: body.applicationId,
            number: app.number,
            portalId: 'astana',
            regionId: 'astana',
            status: 'NOTIFIED',
            childFullName: 'Бенч Бала',
            language: 'RU',
            applicantIds: [app.person.id],
            onStopListUntil: null,
          },
          referral: null,
          offer: { id: body.offerId, status: 'OPEN', expiresAt: '2026-03-05T18:59:59.999Z' },
        });
      }
      if (req.url === PeopleApi.contacts.path) {
        const found = (body.ids as string[]).flatMap((id) => (people.has(id) ? [people.get(id)!] : []));
        return reply(res, { people: found.map((p) => ({ ...p, fullName: 'БЕНЧ АТА-АНА' })) });
      }
      if (req.url === GroupsApi.find.path) return reply(res, { groups: [] });
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function counts(mail: DevMailCatcher, sms: DevSmsProvider) {
  const mails = mail.messages();
  const ids = new Map<string, number>();
  for (const m of mails) ids.set(m.messageId, (ids.get(m.messageId) ?? 0) + 1);
  return {
    mails: mails.length,
    mailDuplicates: [...ids.values()].filter((n) => n > 1).reduce((s, n) => s + n - 1, 0),
    uniqueMails: ids.size,
    sms: sms.messages().length,
    smsRepeats: sms.repeats(),
  };
}

/** CPU seconds a process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function until(done: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  const database = await benchDatabase(SERVER, DB);
  const dbUrl = database.url;
  const closers: Array<() => Promise<unknown>> = [];
  const prefix = `kezek-bench-notifications-${randomBytes(4).toString('hex')}`;
  const connection = { url: REDIS, maxRetriesPerRequest: null };
  const inbox = new Queue(JobList.NotificationsInbox, { connection, prefix });
  const delivery = new Queue(JobList.NotificationsDelivery, { connection, prefix });
  try {
    await migrateAll(dbUrl);
    const [facts, mail, sms] = await Promise.all([
      startFacts(),
      startDevMailCatcher(),
      startDevSmsProvider({ port: 0 }),
    ]);
    closers.push(facts.close, mail.close, sms.close);
    const port = await freePort();
    const options = {
      name: 'notifications-worker',
      script: 'services/notifications/src/worker.ts',
      port,
      healthPath: '/health/ready',
      onLine: (_: string, line: string) => {
        if (/"level":(50|60)/.test(line)) say(`  worker: ${line.slice(0, 300)}`);
      },
      env: {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: dbUrl,
        REDIS_URL: REDIS,
        QUEUE_PREFIX: prefix,
        AUTH_JWT_PUBLIC_KEY: generateTokenKeyPair().publicKeyPem,
        INTERNAL_API_SECRET: randomBytes(32).toString('base64url'),
        QUEUE_INTERNAL_URL: facts.url,
        IDENTITY_INTERNAL_URL: facts.url,
        VACANCIES_INTERNAL_URL: facts.url,
        SMTP_URL: mail.smtpUrl,
        MAIL_RECONCILE_URL: mail.apiUrl,
        SMS_PROVIDER_URL: sms.url,
        // The bench sends at any hour: no SMS waits for the morning.
        PORTAL_POLICIES: JSON.stringify({ astana: { smsQuietHours: { from: 0, to: 0 } } }),
        // e.g. --require of a profiler to see where the worker's time goes (--cpu-prof is refused there).
        NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS ?? '',
      },
    };
    let worker: RunningProcess = await spawnProcess(options);
    closers.push(() => worker.stop());

    // 1. Throughput.
    say(`\n${EVENTS} OfferMade events → ${EVENTS} e-mails (SMTP) + ${EVENTS} SMS (dev provider) + ${EVENTS} in-app`);
    let started = process.hrtime.bigint();
    const cpu = { worker: cpuSeconds(worker.child.pid!), bench: cpuSeconds(process.pid) };
    await inbox.addBulk(makeEvents(EVENTS, 1));
    await until(() => mail.messages().length >= EVENTS && sms.messages().length >= EVENTS, 600_000, 'first run');
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const first = counts(mail, sms);
    say(
      `  ${seconds.toFixed(1)} s: ${(EVENTS / seconds).toFixed(0)} events/s, ${((first.mails + first.sms) / seconds).toFixed(0)} sends/s`,
    );
    say(
      `  e-mails ${first.uniqueMails} (duplicates ${first.mailDuplicates}), SMS ${first.sms} (repeats absorbed ${first.smsRepeats})`,
    );
    say(`  goal ${EVENTS} in ≤ ${GOAL_SECONDS} s: ${seconds <= GOAL_SECONDS ? 'met' : 'NOT met'}`);
    reportFigure({
      bench: 'notifications',
      figure: `${EVENTS} events → every e-mail handed to SMTP and every SMS to the provider`,
      value: round3(seconds),
      unit: 's',
      better: 'lower',
      // The goal is for 10,000 events.
      goal: EVENTS === 10_000 ? GOAL_SECONDS : undefined,
      against: { figure: 'sends', value: round3((first.mails + first.sms) / seconds), unit: '/s' },
      note: `e-mail duplicates ${first.mailDuplicates}`,
    });
    say(
      `  CPU: worker ${(cpuSeconds(worker.child.pid!) - cpu.worker).toFixed(1)} s, this process (SMTP server, SMS provider, stand-ins) ${(cpuSeconds(process.pid) - cpu.bench).toFixed(1)} s; load average ${loadavg()[0].toFixed(1)}`,
    );

    // 2. kill -9 mid-way, restart: nothing twice, nothing lost.
    if (!PARTS.has('kill')) return;
    mail.clear();
    sms.clear();
    say(`\n${EVENTS} more events; the worker is killed (kill -9) when half the e-mails are out, then restarted`);
    started = process.hrtime.bigint();
    await inbox.addBulk(makeEvents(EVENTS, 2));
    await until(() => mail.messages().length >= EVENTS / 2, 600_000, 'half of the second run');
    worker.child.kill('SIGKILL');
    await new Promise((r) => worker.child.once('exit', r));
    const atKill = counts(mail, sms);
    say(`  killed at ${atKill.mails} e-mails, ${atKill.sms} SMS`);
    worker = await spawnProcess(options);
    await until(() => mail.messages().length >= EVENTS && sms.messages().length >= EVENTS, 600_000, 'second run');
    // Every send settled (none queued): a late duplicate would show now.
    const db = new Client({ connectionString: dbUrl });
    await db.connect();
    closers.push(() => db.end());
    for (;;) {
      const { rows } = await db.query(
        `SELECT count(*) FILTER (WHERE status = 'QUEUED')::int AS queued, count(*) FILTER (WHERE status = 'FAILED')::int AS failed
           FROM notifications.notification WHERE channel <> 'IN_APP'`,
      );
      if (rows[0].queued === 0) {
        say(`  notices FAILED (for an operator): ${rows[0].failed}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const total = Number(process.hrtime.bigint() - started) / 1e9;
    const second = counts(mail, sms);
    say(`  ${total.toFixed(1)} s in all (with the restart and the stalled-job recovery)`);
    say(
      `  e-mails: ${second.uniqueMails} of ${EVENTS}, duplicates ${second.mailDuplicates}, losses ${EVENTS - second.uniqueMails}`,
    );
    say(
      `  SMS: ${second.sms} of ${EVENTS}, duplicates 0 by key, losses ${EVENTS - second.sms} (repeats the provider absorbed: ${second.smsRepeats})`,
    );
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM notifications.notification WHERE channel = 'IN_APP'`,
    );
    say(`  in-app notices: ${rows[0].n} of ${2 * EVENTS}`);
    reportFigure({
      bench: 'notifications',
      figure: `worker killed (kill -9) mid-way through ${EVENTS} events and restarted: e-mails and SMS sent twice or never`,
      value: second.mailDuplicates + (EVENTS - second.uniqueMails) + (EVENTS - second.sms),
      unit: 'messages',
      better: 'lower',
      goal: 0,
      note: `${total.toFixed(1)} s with the restart`,
    });
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await inbox.obliterate({ force: true }).catch(() => undefined);
    await delivery.obliterate({ force: true }).catch(() => undefined);
    await inbox.close();
    await delivery.close();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    say(`bench failed: ${(e as Error).stack}`);
    process.exit(1);
  },
);
