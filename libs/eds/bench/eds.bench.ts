/**
 * Verifications per second of a signed action document (SIGN key, CRL in cache), next to the raw
 * RSA-2048 verification of the same SignatureValue. Run:
 *   node -r @swc-node/register libs/eds/bench/eds.bench.ts
 * The stand-in NCA of the tests is used because no fixture key is both valid and unrevoked.
 */
import { createPublicKey, verify } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { C14nCanonicalization } from 'xml-crypto';
import { XMLDSIG_NS, signLikeNcaLayer, verifySignedXml } from '../src';
import { SyntheticPki } from '../test/synthetic-pki';

const SECONDS_PER_MEASURE = 5;
const PREPARED =
  '<signingRequest action="extendReferral"><nonce>9f1d6c2a4b</nonce><applicant iin="900101300017"/>' +
  '<referral number="R-2026-0001" kindergarten="KG-0042" group="G-3"/><days>30</days>' +
  '<issuedAt>2022-06-01T05:00:00+05:00</issuedAt></signingRequest>';

async function measure(label: string, run: () => unknown): Promise<number> {
  for (let i = 0; i < 50; i++) await run();
  let count = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const budget = BigInt(SECONDS_PER_MEASURE) * 1_000_000_000n;
  while (process.hrtime.bigint() - started < budget) {
    await run();
    count++;
  }
  const perSecond = count / (Number(process.hrtime.bigint() - started) / 1e9);
  // CPU time as well: on a shared machine the wall-clock rate moves with the others' load.
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / count;
  console.log(
    `${label.padEnd(46)} ${perSecond.toFixed(0).padStart(8)} /s   ${(1000 / perSecond).toFixed(3)} ms each, ${cpuMs.toFixed(3)} ms CPU each (${(1000 / cpuMs).toFixed(0)} /s per core)`,
  );
  return perSecond;
}

async function main(): Promise<void> {
  const now = new Date('2022-06-01T00:00:00Z');
  const pki = await SyntheticPki.create();
  const signer = await pki.leaf({ purpose: 'SIGN', subject: 'individual' });
  const revocation = pki.revocationChecker();
  await revocation.seedCrl(
    await pki.crl({ number: 1, thisUpdate: new Date('2022-05-01'), nextUpdate: new Date('2022-07-01') }),
  );
  const trust = pki.trustStore(true);
  const xml = signLikeNcaLayer(PREPARED, signer.keyPem, signer.certPem);
  const options = {
    purpose: 'SIGN',
    subject: 'individual',
    now,
    trust,
    revocation,
    expectedContent: PREPARED,
    expectedIin: '900101300017',
  } as const;
  await verifySignedXml(xml, options);

  // The raw operation inside: RSA-2048 PKCS#1 v1.5 over the canonical SignedInfo.
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const signedInfo = new C14nCanonicalization().process(doc.getElementsByTagNameNS(XMLDSIG_NS, 'SignedInfo')[0], {});
  const signatureValue = Buffer.from(
    doc.getElementsByTagNameNS(XMLDSIG_NS, 'SignatureValue')[0].textContent ?? '',
    'base64',
  );
  const publicKey = createPublicKey(signer.certPem);
  if (!verify('sha256', Buffer.from(signedInfo), publicKey, signatureValue)) throw new Error('raw verify failed');

  console.log(`document ${Buffer.byteLength(xml)} bytes, Node ${process.version}, ${SECONDS_PER_MEASURE}s per figure`);
  const full = await measure('verifySignedXml (steps 1–10, cached CRL)', () => verifySignedXml(xml, options));
  const raw = await measure('crypto.verify RSA-2048 of the same signature', () =>
    verify('sha256', Buffer.from(signedInfo), publicKey, signatureValue),
  );
  console.log(`ratio: one full verification costs ${(raw / full).toFixed(1)} raw RSA verifications`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
