/**
 * Verifications per second per core of a signed action document, steps 1–10 of the checklist,
 * next to what it is compared with in the same run: the raw RSA-2048 verification of the same
 * SignatureValue and xml-crypto alone (parse + `checkSignature`) on the same document. Run:
 *   npm run bench:eds
 * The stand-in NCA of the tests is used because no fixture key is both valid and unrevoked.
 * Figures are CPU time per operation (the machine is shared; wall-clock rates move with the
 * others' load), printed beside `uptime`.
 */
import { execFileSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { C14nCanonicalization, SignedXml } from 'xml-crypto';
import { VerifyOptions, XMLDSIG_NS, signLikeNcaLayer, verifySignedXml } from '../src';
import { SyntheticPki } from '../test/synthetic-pki';
import { reportFigure } from '@kezek/bench-report';

/** Rounds per figure, each `ROUND_MS` long; the figures take turns, so all see the same load. */
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const ROUND_MS = Number(process.env.ROUND_MS ?? 700);
/** A signed action as identity prepares it (services/identity signing-xml.ts): already canonical. */
const PREPARED =
  '<kezekSigning version="1"><action>extendReferral</action><subject>R-2026-0001</subject>' +
  '<signerIin>900101300017</signerIin><parameters><kindergarten>KG-0042</kindergarten><group>G-3</group>' +
  '<days>30</days></parameters><nonce>4xQ2o0n1bW9Jw0yX5qk3b1Hc2ZpX7aRt</nonce>' +
  '<time>2022-06-01T05:00:00+05:00</time></kezekSigning>';
/** The same content as a caller might write it (self-closing tags): step 5 canonicalises it first. */
const PREPARED_NOT_CANONICAL =
  '<signingRequest action="extendReferral"><nonce>9f1d6c2a4b</nonce><applicant iin="900101300017"/>' +
  '<referral number="R-2026-0001" kindergarten="KG-0042" group="G-3"/><days>30</days>' +
  '<issuedAt>2022-06-01T05:00:00+05:00</issuedAt></signingRequest>';

interface Case {
  label: string;
  run: () => unknown;
  /** CPU milliseconds per operation, one entry per round. */
  cpuMs: number[];
  perSecond: number[];
}

async function round(c: Case): Promise<void> {
  let count = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const budget = BigInt(ROUND_MS) * 1_000_000n;
  while (process.hrtime.bigint() - started < budget) {
    await c.run();
    count++;
  }
  const used = process.cpuUsage(cpu);
  c.perSecond.push(count / (Number(process.hrtime.bigint() - started) / 1e9));
  c.cpuMs.push((used.user + used.system) / 1000 / count);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** Per core: operations per CPU-second, from the median round (CPU time, since the wall clock moves with the others' load). */
const perCore = (c: Case) => 1000 / median(c.cpuMs);

function load(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return 'uptime unavailable';
  }
}

async function main(): Promise<void> {
  const now = new Date('2022-06-01T00:00:00Z');
  const pki = await SyntheticPki.create();
  const signer = await pki.leaf({ purpose: 'SIGN', subject: 'individual' });
  const revocation = pki.revocationChecker();
  await revocation.seedCrl(
    await pki.crl({ number: 1, thisUpdate: new Date('2022-05-01'), nextUpdate: new Date('2022-07-01') }),
  );
  const xml = signLikeNcaLayer(PREPARED, signer.keyPem, signer.certPem);
  const xmlNotCanonical = signLikeNcaLayer(PREPARED_NOT_CANONICAL, signer.keyPem, signer.certPem);
  const options: VerifyOptions = {
    purpose: 'SIGN',
    subject: 'individual',
    now,
    trust: pki.trustStore(true),
    revocation,
    expectedContent: PREPARED,
    expectedIin: '900101300017',
  };
  const notCanonical = { ...options, expectedContent: PREPARED_NOT_CANONICAL };
  // OCSP without a network: a fixed request nonce, and the responder's answer to it made once.
  const nonce = new Uint8Array(16).fill(7);
  const ocspAnswer = async (nextUpdate?: Date) => {
    const der = await pki.ocspResponse({ cert: signer.cert, nonce, thisUpdate: now, nextUpdate });
    return pki.revocationChecker({ ocsp: true, nonce: () => nonce, fetch: async () => new Response(der) });
  };
  // NCA's answers carry no nextUpdate: every verification asks and checks a fresh one.
  const viaOcsp = { ...options, revocation: await ocspAnswer() };
  const viaReusedOcsp = { ...options, revocation: await ocspAnswer(new Date(now.getTime() + 60_000)) };
  for (const o of [viaOcsp, viaReusedOcsp]) {
    if ((await verifySignedXml(xml, o)).revocation.source !== 'OCSP') throw new Error('OCSP was not used');
  }
  if ((await verifySignedXml(xml, options)).signedContent !== PREPARED) throw new Error('full verification failed');
  await verifySignedXml(xmlNotCanonical, notCanonical);

  // The raw operation inside: RSA-2048 PKCS#1 v1.5 over the canonical SignedInfo.
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const signedInfo = Buffer.from(
    new C14nCanonicalization().process(doc.getElementsByTagNameNS(XMLDSIG_NS, 'SignedInfo')[0], {}),
  );
  const signatureValue = Buffer.from(
    doc.getElementsByTagNameNS(XMLDSIG_NS, 'SignatureValue')[0].textContent ?? '',
    'base64',
  );
  const publicKey = createPublicKey(signer.certPem);
  if (!verify('sha256', signedInfo, publicKey, signatureValue)) throw new Error('raw verify failed');

  // xml-crypto alone: digest and signature value only (no structure, certificate, chain or revocation).
  const xmlCryptoAlone = () => {
    const parsed = new DOMParser().parseFromString(xml, 'text/xml');
    const check = new SignedXml({ publicCert: publicKey, getCertFromKeyInfo: () => null });
    check.loadSignature(parsed.getElementsByTagNameNS(XMLDSIG_NS, 'Signature')[0]);
    if (!check.checkSignature(xml)) throw new Error('xml-crypto refused');
  };

  const cases: Case[] = [
    ['verifySignedXml, steps 1–10 (SIGN key, cached CRL)', () => verifySignedXml(xml, options)],
    ['  same, prepared document not in canonical form', () => verifySignedXml(xmlNotCanonical, notCanonical)],
    ['  same, OCSP answer reused until its nextUpdate', () => verifySignedXml(xml, viaReusedOcsp)],
    ['  same, OCSP answer without nextUpdate (as NCA): checked each time', () => verifySignedXml(xml, viaOcsp)],
    ['xml-crypto alone (parse + checkSignature)', xmlCryptoAlone],
    [
      'crypto.verify RSA-2048 of the same SignatureValue',
      () => verify('sha256', signedInfo, publicKey, signatureValue),
    ],
  ].map(([label, run]) => ({ label, run, cpuMs: [], perSecond: [] }) as Case);
  const [full, , , , alone, raw] = cases;

  console.log(
    `document ${Buffer.byteLength(xml)} bytes, Node ${process.version}, ${ROUNDS} rounds of ${ROUND_MS} ms per figure`,
  );
  console.log(`load before (shared machine, other processes run): ${load()}`);
  for (const c of cases) for (let i = 0; i < 100; i++) await c.run();
  for (let r = 0; r < ROUNDS; r++) for (const c of cases) await round(c);
  console.log(`load after: ${load()}`);
  console.log(`${'figure (median round; min–max of rounds)'.padEnd(70)} per core`);
  for (const c of cases) {
    const [best, worst] = [1000 / Math.min(...c.cpuMs), 1000 / Math.max(...c.cpuMs)];
    console.log(
      `${c.label.padEnd(70)} ${perCore(c).toFixed(0).padStart(6)} /s  (${median(c.cpuMs).toFixed(3)} ms CPU each; ` +
        `rounds ${worst.toFixed(0)}–${best.toFixed(0)} /s; wall ${median(c.perSecond).toFixed(0)} /s)`,
    );
  }
  const [, , , fresh] = cases;
  reportFigure({
    bench: 'eds',
    figure: 'signed-action verification, whole checklist (SIGN key, cached CRL), per core',
    value: Math.round(perCore(full)),
    unit: '/s',
    better: 'higher',
    goal: 2000,
    against: { figure: 'xml-crypto alone (parse + checkSignature)', value: Math.round(perCore(alone)), unit: '/s' },
    note: `raw RSA-2048 verify ${Math.round(perCore(raw))} /s; with an OCSP answer checked each time (NCA's carry no nextUpdate) ${Math.round(perCore(fresh))} /s`,
  });
  console.log(
    `full checklist: ${perCore(full).toFixed(0)} /s per core (goal ≥ 2,000); ` +
      `${(perCore(full) / perCore(alone)).toFixed(2)}× xml-crypto alone; one verification costs ` +
      `${(perCore(raw) / perCore(full)).toFixed(1)} raw RSA verifications`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
