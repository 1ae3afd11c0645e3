import { DOMParser } from '@xmldom/xmldom';
import { NCALAYER_ALGORITHMS, XMLDSIG_NS, signLikeNcaLayer } from '../src';
import { KEYS, describeWithFixtures, fixtureText, openP12 } from './pki-fixtures';

/** Every element of the Signature as "ns-local:name[Algorithm|URI]", in document order. */
function layout(xml: string): string[] {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const signature = doc.getElementsByTagNameNS(XMLDSIG_NS, 'Signature')[0];
  const walk = (el: Element): string[] => [
    `${el.namespaceURI === XMLDSIG_NS ? 'ds' : el.namespaceURI}:${el.localName}[${el.getAttribute('Algorithm') ?? el.getAttribute('URI') ?? ''}]`,
    ...Array.from(el.childNodes)
      .filter((n): n is Element => n.nodeType === 1)
      .flatMap(walk),
  ];
  return [
    `parent:${(signature.parentNode as Element).localName}`,
    `last:${signature === doc.documentElement.lastChild}`,
    ...walk(signature),
  ];
}

const digestOf = (xml: string) => /<ds:DigestValue>([^<]+)</.exec(xml)?.[1];

describeWithFixtures('signLikeNcaLayer', () => {
  let kalkan: string;
  let ours: string;
  let certPem: string;

  beforeAll(() => {
    kalkan = fixtureText('xml-signed/ncanode_signed_rsa_sha256_testcert.xml');
    const key = openP12(KEYS.sign2021);
    certPem = key.certPem;
    ours = signLikeNcaLayer('<a><b>test</b></a>', key.keyPem, certPem);
  });

  it('produces the element layout and algorithms of the real Kalkan-signed document', () => {
    expect(layout(ours)).toEqual(layout(kalkan));
    expect(layout(ours)).toContain(`ds:SignatureMethod[${NCALAYER_ALGORITHMS.signature}]`);
  });

  it('reproduces the Kalkan digest byte for byte and carries the signer certificate only', () => {
    expect(digestOf(ours)).toBe('9KpJreFMA6K98mcu2hxdAe/vPzfl0uybYurT5DT/bTU=');
    expect(digestOf(ours)).toBe(digestOf(kalkan));
    const certificates = [...ours.matchAll(/<ds:X509Certificate>([^<]+)</g)].map((m) => m[1]);
    expect(certificates).toEqual([certPem.replace(/-----[A-Z ]+-----|\s/g, '')]);
    // Kalkan wraps the same base64 with &#13;CRLF; the certificate is the same one.
    const kalkanCertificate = /<ds:X509Certificate>([^<]+)</.exec(kalkan)?.[1].replace(/&#13;|\s/g, '');
    expect(certificates[0]).toBe(kalkanCertificate);
  });
});
