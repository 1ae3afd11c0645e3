import { Writable } from 'node:stream';
import pino from 'pino';
import { httpLogOptions, maskIins } from './index';

/** A pino logger configured as every Kezek process is, writing into an array. */
function capture() {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  const { redact, hooks, level } = httpLogOptions({ service: 'test' }, 'info');
  return { logger: pino({ redact, hooks, level }, sink), text: () => lines.join('') };
}

describe('log redaction', () => {
  const iin = '920417412019';
  const signedXml = '<action><iin>920417412019</iin><ds:Signature>…</ds:Signature></action>';

  it('never writes tokens, signed XML or GraphQL variables', () => {
    const { logger, text } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.secret' } },
        input: { signedXml, xml: signedXml, refreshToken: 'r-secret' },
        variables: { childIin: iin },
      },
      'signIn',
    );
    expect(text()).not.toContain('eyJhbGciOiJFUzI1NiJ9');
    expect(text()).not.toContain('r-secret');
    expect(text()).not.toContain('ds:Signature');
    expect(text()).not.toContain(iin);
    expect(text()).toContain('[redacted]');
  });

  it('redacts IIN, token and password fields wherever an object carries them', () => {
    const { logger, text } = capture();
    logger.info(
      {
        user: { iin },
        application: { childIin: iin },
        session: { accessToken: 'a-secret', token: 't-secret' },
        login: { password: 'p-secret' },
        headers: { authorization: 'Bearer h-secret' },
      },
      'fields',
    );
    for (const secret of [iin, 'a-secret', 't-secret', 'p-secret', 'h-secret']) expect(text()).not.toContain(secret);
  });

  it('masks IINs inside free text too', () => {
    const { logger, text } = capture();
    logger.warn(`refresh token reused by ${iin}`);
    expect(text()).not.toContain(iin);
    expect(maskIins(`child ${iin}, phone +77011234567`)).toBe('child ************, phone +77011234567');
  });
});
