import { isDomainError } from '@kezek/errors';
import { DocumentLinkSigner, newVerificationCode, normalizeVerificationCode } from './document-link';

const SECRET = 'document-link-spec-secret-0123456789abcdef';
const DOC = '0b7e2a4c-1d3f-4e5a-8b6c-7d8e9f0a1b2c';
const USER = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const NOW = new Date('2026-03-02T05:00:00Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (isDomainError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('not refused');
};

describe('document links', () => {
  const signer = new DocumentLinkSigner(SECRET, 300);

  it('grant the document to the user they were signed for until they expire', () => {
    const token = signer.sign({ documentId: DOC, userId: USER }, NOW);
    expect(token).toMatch(/^[\w.-]+$/);
    expect(signer.verify(token, later(299))).toEqual({ documentId: DOC, userId: USER });
    expect(refusal(() => signer.verify(token, later(300)))).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'document link expired',
    });
  });

  it('refuse a token whose document, user, expiry or signature was changed', () => {
    const token = signer.sign({ documentId: DOC, userId: USER }, NOW);
    const [doc, user, exp, mac] = token.split('.');
    const forged = [
      [OTHER, user, exp, mac],
      [doc, OTHER, exp, mac],
      [doc, user, String(Number(exp) + 3600), mac],
      [doc, user, exp, `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`],
      [doc, user, exp, ''],
    ];
    for (const parts of forged)
      expect(refusal(() => signer.verify(parts.join('.'), NOW))).toEqual({
        code: 'UNAUTHENTICATED',
        message: 'document link invalid',
      });
  });

  it('refuse malformed tokens and tokens of another secret', () => {
    for (const token of [
      '',
      'x',
      `${DOC}.${USER}.1.2.3`,
      `${DOC}.${USER}.soon.mac`,
      `not-a-uuid.${USER}.9999999999.mac`,
    ])
      expect(refusal(() => signer.verify(token, NOW)).code).toBe('UNAUTHENTICATED');
    const other = new DocumentLinkSigner('another-secret-of-at-least-32-characters!', 300);
    expect(refusal(() => signer.verify(other.sign({ documentId: DOC, userId: USER }, NOW), NOW)).code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('need a secret of at least 32 characters', () => {
    expect(() => new DocumentLinkSigner('short', 300)).toThrow(/at least 32/);
  });
});

describe('verification codes', () => {
  it('are 20 base32 characters, different every time', () => {
    const codes = new Set(Array.from({ length: 1000 }, newVerificationCode));
    expect(codes.size).toBe(1000);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{20}$/);
  });

  it('are read as typed or scanned, and nothing else is one', () => {
    const code = newVerificationCode();
    expect(normalizeVerificationCode(code.toLowerCase())).toBe(code);
    expect(normalizeVerificationCode(`${code.slice(0, 10)}-${code.slice(10)} `)).toBe(code);
    for (const bad of ['', 'A'.repeat(19), 'A'.repeat(21), `${'A'.repeat(19)}1`, `${'A'.repeat(19)}Ә`])
      expect(normalizeVerificationCode(bad)).toBeNull();
  });
});
