import { refuse } from '../eds-error';
import { NCALAYER_ALGORITHMS, XMLDSIG_NS } from './ncalayer-format';

/** The one Signature of an NCALayer document, checked against the exact layout NCALayer sends. */
export interface SignatureElements {
  signature: Element;
  signedInfo: Element;
  /** Text of DigestValue and SignatureValue as the document carries them (base64, maybe with line breaks). */
  digestValue: string;
  signatureValue: string;
  /** Base64 of the signer's certificate, whitespace (CRLF, `&#13;`) removed. */
  certificateBase64: string;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/**
 * Step 2: exactly one Signature (by namespace), the last child of the root, exactly the NCALayer
 * layout — one Reference with URI="", the NCALayer algorithms, one X509Certificate — and nothing
 * else (no Object, Manifest, RetrievalMethod, comments or extra elements anywhere inside).
 */
export function readSignatureElements(doc: Document): SignatureElements {
  const root = doc.documentElement;
  const xmldsig = xmldsigElements(root);
  const signatures = xmldsig.filter((el) => el.localName === 'Signature');
  if (signatures.length !== 1) {
    refuse('SIGNATURE_INVALID', 'expected exactly one Signature', { signatures: signatures.length });
  }
  const [signature] = signatures;
  const strays = xmldsig.filter((el) => el !== signature && !isInside(el, signature));
  if (strays.length > 0)
    refuse('SIGNATURE_INVALID', 'XMLDSig element outside the Signature', { element: strays[0].localName });
  if (signature.parentNode !== root || !isLastChild(signature)) {
    refuse('SIGNATURE_INVALID', 'Signature must be the last child of the document element');
  }

  const [signedInfo, signatureValue, keyInfo] = children(signature, ['SignedInfo', 'SignatureValue', 'KeyInfo']);
  exactlyOne(xmldsig, signedInfo, 'Reference');
  const [c14n, signatureMethod, reference] = children(signedInfo, [
    'CanonicalizationMethod',
    'SignatureMethod',
    'Reference',
  ]);
  if (reference.getAttribute('URI') !== '' || reference.attributes.length !== 1) {
    refuse('SIGNATURE_INVALID', 'the Reference must have URI="" and nothing else');
  }
  const [transforms, digestMethod, digestValue] = children(reference, ['Transforms', 'DigestMethod', 'DigestValue']);
  const transformList = children(
    transforms,
    NCALAYER_ALGORITHMS.transforms.map(() => 'Transform'),
  );
  const [x509Data] = children(keyInfo, ['X509Data']);
  exactlyOne(xmldsig, x509Data, 'X509Certificate');
  const [certificate] = children(x509Data, ['X509Certificate']);
  for (const empty of [c14n, signatureMethod, digestMethod, ...transformList]) children(empty, []);
  for (const text of [digestValue, signatureValue, certificate]) textOnly(text);

  expectAlgorithm(c14n, NCALAYER_ALGORITHMS.canonicalization);
  expectAlgorithm(signatureMethod, NCALAYER_ALGORITHMS.signature);
  transformList.forEach((t, i) => expectAlgorithm(t, NCALAYER_ALGORITHMS.transforms[i]));
  expectAlgorithm(digestMethod, NCALAYER_ALGORITHMS.digest);

  return {
    signature,
    signedInfo,
    digestValue: digestValue.textContent ?? '',
    signatureValue: signatureValue.textContent ?? '',
    certificateBase64: (certificate.textContent ?? '').replace(/\s+/g, ''),
  };
}

/** Element children of `parent`, which must be exactly `names` in the XMLDSig namespace, in order. */
function children(parent: Element, names: readonly string[]): Element[] {
  const found: Element[] = [];
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === TEXT_NODE && !node.nodeValue?.trim()) continue;
    if (node.nodeType !== ELEMENT_NODE) {
      refuse('SIGNATURE_INVALID', `unexpected ${node.nodeName} inside ${parent.localName}`);
    }
    found.push(node as Element);
  }
  found.forEach((el, i) => {
    if (el.namespaceURI !== XMLDSIG_NS || el.localName !== names[i]) {
      refuse('SIGNATURE_INVALID', `${el.localName} is not allowed in ${parent.localName}`, { element: el.localName });
    }
  });
  if (found.length !== names.length) {
    const missing = names[found.length];
    const reason =
      missing === undefined ? `too many elements in ${parent.localName}` : `${parent.localName} lacks ${missing}`;
    refuse('SIGNATURE_INVALID', reason, { element: parent.localName, expected: names.length, found: found.length });
  }
  return found;
}

/** Every element in the XMLDSig namespace under `root` (itself included), in document order: one walk. */
function xmldsigElements(root: Element): Element[] {
  const found: Element[] = [];
  // Pre-order without recursion: nesting depth is the sender's choice.
  for (let node: Node | null = root; node;) {
    if (node.nodeType === ELEMENT_NODE && (node as Element).namespaceURI === XMLDSIG_NS) found.push(node as Element);
    if (node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== root && !node.nextSibling) node = node.parentNode;
    node = node && node !== root ? node.nextSibling : null;
  }
  return found;
}

/** `parent` has exactly one XMLDSig `name` among its descendants. */
function exactlyOne(xmldsig: readonly Element[], parent: Element, name: string): void {
  const count = xmldsig.filter((el) => el.localName === name && isInside(el, parent)).length;
  if (count !== 1) refuse('SIGNATURE_INVALID', `expected exactly one ${name}`, { element: name, found: count });
}

/** DigestValue, SignatureValue, X509Certificate: text only, so no comment can split the value. */
function textOnly(el: Element): void {
  for (const node of Array.from(el.childNodes)) {
    if (node.nodeType !== TEXT_NODE) refuse('SIGNATURE_INVALID', `${el.localName} must contain only text`);
  }
}

function expectAlgorithm(el: Element, expected: string): void {
  const algorithm = el.getAttribute('Algorithm');
  if (algorithm === expected) return;
  const reason = /gost/i.test(algorithm ?? '')
    ? `GOST algorithms are not supported (${el.localName}); sign with an RSA key`
    : `${el.localName} algorithm is not the one NCALayer uses for RSA`;
  refuse('UNSUPPORTED_ALGORITHM', reason, { element: el.localName, algorithm, expected });
}

function isLastChild(el: Element): boolean {
  for (let next = el.nextSibling; next; next = next.nextSibling) {
    if (next.nodeType !== TEXT_NODE || next.nodeValue?.trim()) return false;
  }
  return true;
}

function isInside(node: Node, ancestor: Node): boolean {
  for (let p = node.parentNode; p; p = p.parentNode) if (p === ancestor) return true;
  return false;
}
