import { SystemClock } from '@kezek/clock';
import { IdentityApiClient } from '@kezek/identity-api';
import { SignatureRecord } from '../src/signing/signature.entity';
import { SigningRequestRecord } from '../src/signing/signing-request.entity';
import { IdentityUnderTest, INTERNAL_SECRET, OTHER_PARENT, PARENT, startIdentity } from './fixtures';

describe('signed actions: the internal signing API on real PostgreSQL and a dev PKI', () => {
  let svc: IdentityUnderTest;
  let queue: IdentityApiClient;

  beforeAll(async () => {
    svc = await startIdentity();
    queue = new IdentityApiClient({
      baseUrl: svc.url,
      secret: INTERNAL_SECRET,
      service: 'kezek-queue',
      clock: svc.clock,
    });
  });
  afterAll(() => svc?.close());

  const prepare = (signerIin = PARENT.iin) =>
    queue.prepare({
      action: 'queue.withdraw-application',
      subject: 'УО.2023.000001.1',
      signerIin,
      parameters: { applicationId: '6f1c1f0e-8d3a-4d55-9a50-3e0f7f2b8c11', reason: 'We moved' },
    });

  it('prepares the exact document to sign and verifies it once, keeping the evidence', async () => {
    const request = await prepare();
    expect(request.xml).toMatch(
      new RegExp(
        `^<kezekSigning version="1"><action>queue.withdraw-application</action><subject>УО.2023.000001.1</subject><signerIin>${PARENT.iin}</signerIin><parameters><applicationId>6f1c1f0e-8d3a-4d55-9a50-3e0f7f2b8c11</applicationId><reason>We moved</reason></parameters><nonce>[\\w-]{32}</nonce><time>2026-03-02T09:00:00.000\\+05:00</time></kezekSigning>$`,
      ),
    );
    expect(request.expiresAt.getTime() - svc.clock.now().getTime()).toBe(10 * 60_000);

    const signedXml = svc.sign(request.xml, PARENT, 'SIGN');
    const verified = await queue.submit({ requestId: request.id, signedXml, signerIin: PARENT.iin });
    expect(verified).toMatchObject({
      requestId: request.id,
      action: 'queue.withdraw-application',
      subject: 'УО.2023.000001.1',
      signerIin: PARENT.iin,
      parameters: { reason: 'We moved' },
    });
    const evidence = await svc.db.getRepository(SignatureRecord).findOneByOrFail({ id: verified.signatureId });
    expect(evidence).toMatchObject({
      requestId: request.id,
      signerIin: PARENT.iin,
      signedXml,
      certificateSha256: verified.certificate.sha256,
      verifiedAt: svc.clock.now(),
    });
    expect(evidence.certificatePem).toContain('BEGIN CERTIFICATE');
    expect(evidence.revocation).toMatchObject({ source: 'OCSP', status: 'good', ocspResponse: expect.any(String) });

    // A retry (even with another signature of the same document) returns the first result and stores nothing.
    svc.clock.advance(60_000);
    const again = await queue.submit({
      requestId: request.id,
      signedXml: svc.sign(request.xml, PARENT, 'SIGN'),
      signerIin: PARENT.iin,
    });
    expect(again).toEqual(verified);
    expect(await svc.db.getRepository(SignatureRecord).countBy({ requestId: request.id })).toBe(1);
  });

  it('verifies once when the same request is submitted twice at once: both get the first result', async () => {
    const request = await prepare();
    const submit = () =>
      queue.submit({ requestId: request.id, signedXml: svc.sign(request.xml, PARENT, 'SIGN'), signerIin: PARENT.iin });
    // Both submits find the request pending and verify; then they meet at the request's row lock.
    const [first, second] = await svc.raceAtRowLock(
      'SELECT 1 FROM identity.signing_request WHERE id = $1 FOR UPDATE',
      [request.id],
      2,
      () => Promise.all([submit(), submit()]),
    );
    expect(second).toEqual(first);
    expect(await svc.db.getRepository(SignatureRecord).countBy({ requestId: request.id })).toBe(1);
  });

  it('keeps the evidence append-only in the database itself', async () => {
    const request = await prepare();
    const { signatureId } = await queue.submit({
      requestId: request.id,
      signedXml: svc.sign(request.xml, PARENT, 'SIGN'),
      signerIin: PARENT.iin,
    });
    await expect(
      svc.db.getRepository(SignatureRecord).update(signatureId, { signerIin: OTHER_PARENT.iin }),
    ).rejects.toThrow(/signature is append-only/);
    await expect(svc.db.getRepository(SignatureRecord).delete(signatureId)).rejects.toThrow(/signature is append-only/);
  });

  it('refuses the AUTH key, another signer, another document and a late submit, storing nothing', async () => {
    const request = await prepare();
    const submit = (signedXml: string) => queue.submit({ requestId: request.id, signedXml, signerIin: PARENT.iin });
    await expect(submit(svc.sign(request.xml, PARENT, 'AUTH'))).rejects.toMatchObject({ code: 'WRONG_KEY_USAGE' });
    await expect(submit(svc.sign(request.xml, OTHER_PARENT, 'SIGN'))).rejects.toMatchObject({
      code: 'SIGNER_MISMATCH',
    });
    await expect(submit(svc.sign(request.xml.replace('We moved', 'We stay'), PARENT, 'SIGN'))).rejects.toMatchObject({
      code: 'SIGNATURE_INVALID',
    });
    const signedInTime = svc.sign(request.xml, PARENT, 'SIGN');
    svc.clock.advance(10 * 60_000);
    await expect(submit(signedInTime)).rejects.toMatchObject({ code: 'SIGNING_REQUEST_EXPIRED' });
    expect(await svc.db.getRepository(SignatureRecord).countBy({ requestId: request.id })).toBe(0);
    expect(await svc.db.getRepository(SigningRequestRecord).findOneByOrFail({ id: request.id })).toMatchObject({
      status: 'PENDING',
    });
  });

  it('hides a request from another person and another service, and refuses callers without the secret', async () => {
    const request = await prepare();
    const signedXml = svc.sign(request.xml, PARENT, 'SIGN');
    await expect(queue.submit({ requestId: request.id, signedXml, signerIin: OTHER_PARENT.iin })).rejects.toMatchObject(
      { code: 'NOT_FOUND' },
    );
    const vacancies = new IdentityApiClient({
      baseUrl: svc.url,
      secret: INTERNAL_SECRET,
      service: 'kezek-vacancies',
      clock: svc.clock,
    });
    await expect(vacancies.submit({ requestId: request.id, signedXml, signerIin: PARENT.iin })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const stranger = new IdentityApiClient({
      baseUrl: svc.url,
      secret: `${INTERNAL_SECRET}-other`,
      service: 'kezek-queue',
      clock: new SystemClock(),
    });
    await expect(
      stranger.prepare({ action: 'queue.withdraw-application', subject: 'x', signerIin: PARENT.iin, parameters: {} }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(
      queue.prepare({ action: 'withdraw', subject: 'x', signerIin: PARENT.iin, parameters: {} }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
