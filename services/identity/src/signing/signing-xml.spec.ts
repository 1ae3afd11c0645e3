import { DOMParser } from '@xmldom/xmldom';
import { C14nCanonicalization } from 'xml-crypto';
import { buildSigningXml, nonceOf } from './signing-xml';

const canonical = (xml: string) =>
  new C14nCanonicalization().process(new DOMParser().parseFromString(xml, 'text/xml').documentElement, {});

describe('the XML a person signs', () => {
  const time = new Date('2026-03-02T05:00:00Z');

  it('names the action, its parameters, the number, the signer, the nonce and the Almaty time', () => {
    const xml = buildSigningXml({
      action: 'queue.withdraw-application',
      subject: 'УО.2018.000027.1',
      signerIin: '920417401201',
      parameters: { applicationId: 'a1', reason: 'Moving' },
      nonce: 'n1',
      time,
    });
    expect(xml).toBe(
      '<kezekSigning version="1"><action>queue.withdraw-application</action><subject>УО.2018.000027.1</subject><signerIin>920417401201</signerIin>' +
        '<parameters><applicationId>a1</applicationId><reason>Moving</reason></parameters><nonce>n1</nonce><time>2026-03-02T10:00:00.000+05:00</time></kezekSigning>',
    );
  });

  it('is already canonical, even with markup characters and CR in the text, so the signed content equals it', () => {
    const xml = buildSigningXml({
      action: 'sign-in',
      portal: 'astana',
      parameters: { reason: 'a < b & c > d\r\n"quoted" \'single\'' },
      nonce: 'n',
      time,
    });
    expect(canonical(xml)).toBe(xml);
    expect(nonceOf(xml)).toBe('n');
  });

  it('refuses text XML cannot carry', () => {
    expect(() =>
      buildSigningXml({ action: 'sign-in', parameters: { reason: 'bell \u0007' }, nonce: 'n', time }),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('reads the nonce only from a document of ours with exactly one nonce', () => {
    expect(nonceOf('<other><nonce>n</nonce></other>')).toBeNull();
    expect(nonceOf('<kezekSigning version="1"><nonce>a</nonce><nonce>b</nonce></kezekSigning>')).toBeNull();
    expect(nonceOf('<kezekSigning version="1"><parameters><nonce>x</nonce></parameters></kezekSigning>')).toBeNull();
  });
});
