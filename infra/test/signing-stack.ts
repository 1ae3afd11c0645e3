import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoPerson, demoPerson, demoReferral } from '@kezek/demo';
import { cachedRsaKeys, DevPki, startDevPkiServer } from '@kezek/dev-pki';
import { DevMailCatcher, DevSmsProvider, startDevMailCatcher, startDevSmsProvider } from '@kezek/dev-messaging';
import { signWithEmulator, startNcaLayerEmulator } from '@kezek/ncalayer-emulator';
import Redis from 'ioredis';
import { SharedManualClock } from '@kezek/clock';
import { gql, testQueuePrefix, testRedisUrl } from '@kezek/testing';
import { DemoReferral, issueDemoReferral } from '../dev/demo-journey';
import { devTrustEnv } from '../dev/stack';
import { startTestStack, TestStack } from './test-stack';

export interface SigningStack extends TestStack {
  /** The stack's key prefix in Redis (its job lists, its clock). */
  queuePrefix: string;
  /** The NCALayer emulator's URL (the playground's PLAYGROUND_NCALAYER_URL in this stack). */
  ncaLayerUrl: string;
  /** Has the NCALayer emulator sign `xml` with the person's AUTH or SIGN key. */
  sign(xml: string, iin: string, type: 'AUTH' | 'SIGN'): Promise<string>;
  /** Signs in as a portal does (authChallenge → AUTH signature → signIn) and returns the access token. */
  signIn(iin: string): Promise<string>;
  /** The demo referral, when the stack was asked for it (`withDemoReferral`). */
  demoReferral?: DemoReferral;
}

/**
 * The whole graph as a portal meets it when people sign: a dev PKI issuing `people` their keys
 * (its OCSP responder answers identity for real), the NCALayer emulator signing with them, and
 * the test stack trusting that PKI. `withDemoReferral` completes the demo data as `npm start`
 * does: the demo referral's applicant gets keys too and chooses through the gateway
 * (infra/dev/demo-journey.ts).
 */
export async function startSigningStack(
  people: DemoPerson[],
  {
    withDemoReferral = false,
    ...options
  }: Omit<Parameters<typeof startTestStack>[0], 'trust'> & {
    withDemoReferral?: boolean;
  },
): Promise<SigningStack> {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-e2e-pki-'));
  // The PKI answers OCSP and CRLs at the stand's time: after an ADMIN moves the clock, a response
  // dated by the host would look stale to identity. It follows the stand's shared manual clock.
  const queuePrefix = options.queuePrefix ?? testQueuePrefix();
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  const clock = await SharedManualClock.start({ redis, prefix: queuePrefix, process: 'dev-pki' });
  const pki = await DevPki.open({ dir, keys: cachedRsaKeys(), clock });
  const applicant = demoPerson(demoReferral(new Date()).child.applicant);
  const signers = withDemoReferral && !people.some((p) => p.key === applicant.key) ? [...people, applicant] : people;
  await Promise.all(signers.map((p) => pki.issue(p)));
  const pkiServer = await startDevPkiServer({ pki, port: 0 });
  const emulator = await startNcaLayerEmulator({ pki, port: 0 });
  const closeSigning = async () => {
    await emulator.close();
    await pkiServer.close();
    await clock.close();
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  };
  const sign = (xml: string, iin: string, type: 'AUTH' | 'SIGN') => signWithEmulator(emulator.url, xml, { iin, type });
  let running: TestStack;
  try {
    running = await startTestStack({
      ...options,
      queuePrefix,
      trust: devTrustEnv(pki, pkiServer.url),
      // The playground signs with this emulator, as under `npm start`.
      env: { PLAYGROUND_NCALAYER_URL: emulator.url, ...options.env },
    });
  } catch (e) {
    await closeSigning();
    throw e;
  }
  let referral: DemoReferral | undefined;
  try {
    if (withDemoReferral) referral = await issueDemoReferral(running.url, sign);
  } catch (e) {
    await running.stop();
    await closeSigning();
    throw e;
  }
  return {
    ...running,
    queuePrefix,
    ncaLayerUrl: emulator.url,
    sign,
    demoReferral: referral,
    async signIn(iin) {
      const challenge = await gql<{ authChallenge: { xml: string } }>(running.url, '{ authChallenge { xml } }');
      const res = await gql<{ signIn: { accessToken: string } }>(
        running.url,
        'mutation($x: String!) { signIn(signedXml: $x) { accessToken } }',
        { x: await sign(challenge.data!.authChallenge.xml, iin, 'AUTH') },
      );
      if (!res.data?.signIn) throw new Error(`sign-in failed: ${JSON.stringify(res.errors)}`);
      return res.data.signIn.accessToken;
    },
    async stop() {
      await running.stop();
      await closeSigning();
    },
  };
}

export interface MessagingStack extends SigningStack {
  /** The real SMTP server the notifications' worker sends to: its mail, its delay, its failures. */
  mail: DevMailCatcher;
  /** The development SMS provider the worker sends to. */
  sms: DevSmsProvider;
}

/**
 * A signing stack with its workers, sending notices to a real SMTP server (smtp-server, answering
 * mailpit's search for the reconciliation) and the development SMS provider: what the
 * notification suites meet. `stop` closes both after the stack.
 */
export async function startMessagingStack(
  people: DemoPerson[],
  options: Omit<Parameters<typeof startSigningStack>[1], 'workers' | 'messaging'>,
): Promise<MessagingStack> {
  const mail = await startDevMailCatcher();
  const sms = await startDevSmsProvider({ port: 0 });
  const closeMessaging = async () => {
    await mail.close();
    await sms.close();
  };
  let running: SigningStack;
  try {
    running = await startSigningStack(people, {
      ...options,
      workers: true,
      messaging: { SMTP_URL: mail.smtpUrl, MAIL_RECONCILE_URL: mail.apiUrl, SMS_PROVIDER_URL: sms.url },
    });
  } catch (e) {
    await closeMessaging();
    throw e;
  }
  return {
    ...running,
    mail,
    sms,
    async stop() {
      await running.stop();
      await closeMessaging();
    },
  };
}
