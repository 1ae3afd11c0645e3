import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { seededRandom } from '@kezek/seeded-random';
import { NCALAYER_ALGORITHMS, XMLDSIG_NS, signLikeNcaLayer } from '../src';
import { decodeSignerCertificate } from '../src/certificate/certificate';
import { parseXmlSafely } from '../src/xml/safe-xml.parser';
import { readSignatureElements } from '../src/xml/signature-structure';
import { assertPreparedContent, checkXmlSignature } from '../src/xml/xml-signature.verifier';
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

/** xml-crypto's own `computeSignature` for the NCALayer layout: what signLikeNcaLayer computes without it. */
function signWithXmlCrypto(xml: string, privateKey: string, certificatePem: string): string {
  const sig = new SignedXml({
    privateKey,
    publicCert: certificatePem,
    signatureAlgorithm: NCALAYER_ALGORITHMS.signature,
    canonicalizationAlgorithm: NCALAYER_ALGORITHMS.canonicalization,
  });
  sig.addReference({
    xpath: '/*',
    uri: '',
    isEmptyUri: true,
    transforms: [...NCALAYER_ALGORITHMS.transforms],
    digestAlgorithm: NCALAYER_ALGORITHMS.digest,
  });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: '/*', action: 'append' } });
  return sig.getSignedXml();
}

/** Documents of every shape a prepared document may take, from a seeded generator. */
function corpus(size: number): string[] {
  const random = seededRandom(20261203);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const texts = ['test', 'Бала 1 & <2>', 'Балабақша "Айгөлек"', ' \n\t ', "it's > that", '\r\nжолдама\r\n', ''];
  const names = ['a', 'b', 'x:c', 'd-e', 'f.g', 'referral'];
  const element = (depth: number): string => {
    const name = pick(names);
    const attributes = Array.from(
      { length: Math.floor(random() * 3) },
      (_, i) => ` ${pick(['id', 'x:at', 'lang'])}${i}=${pick(['"1"', "'q'", '"а &amp; б"', '"&lt;&quot;"'])}`,
    ).join('');
    const children = Array.from({ length: depth > 0 ? Math.floor(random() * 4) : 0 }, () =>
      pick([
        () => element(depth - 1),
        () => texts.map((t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;'))[Math.floor(random() * texts.length)],
        () => '<![CDATA[a < b]]>',
        () => `<${name}-empty/>`,
        () => `<${name}-pair></${name}-pair>`,
      ])(),
    ).join('');
    return `<${name}${attributes}>${children}</${name}>`;
  };
  return Array.from({ length: size }, () => {
    const namespaces = pick([' xmlns:x="urn:kezek:x"', ' xmlns="urn:kezek:d" xmlns:x="urn:kezek:x"']);
    const declaration = pick([
      '',
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0" encoding="UTF-8"?>\n',
    ]);
    return `${declaration}<root${namespaces}>${element(3)}${element(2)}</root>${pick(['', '\n'])}`;
  });
}

const signatureElement = (xml: string) => xml.slice(xml.indexOf('<ds:Signature'), xml.indexOf('</ds:Signature>'));

describeWithFixtures('signLikeNcaLayer against xml-crypto', () => {
  const key = () => openP12(KEYS.sign2021);
  const documents = [
    '<a><b>test</b></a>',
    '<?xml version="1.0" encoding="UTF-8"?>\n<a x="1" xmlns="urn:x"><b>test &amp; &lt;</b><c/></a>',
    '<action xmlns="urn:kezek:action" xmlns:q="urn:q"><q:name>queue.issue-referral</q:name><p k="v"/></action>',
    '<a><!-- a comment --><b>t<!--x--></b><?pi data?></a>',
    ...corpus(100),
  ];

  it('writes the Signature xml-crypto writes, byte for byte, on every document of the corpus', () => {
    const { keyPem, certPem } = key();
    const differing = documents.filter(
      (xml) =>
        signatureElement(signLikeNcaLayer(xml, keyPem, certPem)) !==
        signatureElement(signWithXmlCrypto(xml, keyPem, certPem)),
    );
    expect(differing).toEqual([]);
  });

  it('gives the whole document xml-crypto gives when the text is as xmldom writes it', () => {
    const { keyPem, certPem } = key();
    const serialised = documents.map((xml) =>
      new XMLSerializer().serializeToString(new DOMParser().parseFromString(xml, 'text/xml')),
    );
    const differing = serialised.filter(
      (xml) => signLikeNcaLayer(xml, keyPem, certPem) !== signWithXmlCrypto(xml, keyPem, certPem),
    );
    expect(differing).toEqual([]);
  });

  it('signs documents our verifier accepts, with the document as the signed content', () => {
    const { keyPem, certPem } = key();
    for (const xml of documents) {
      const signed = signLikeNcaLayer(xml, keyPem, certPem);
      const doc = parseXmlSafely(signed);
      const elements = readSignatureElements(doc);
      const content = checkXmlSignature(doc, elements, decodeSignerCertificate(elements.certificateBase64));
      expect(() => assertPreparedContent(content, xml)).not.toThrow();
    }
  });

  it('refuses a document whose element has no end tag', () => {
    const { keyPem, certPem } = key();
    expect(() => signLikeNcaLayer('<a/>', keyPem, certPem)).toThrow('needs an end tag');
  });
});
