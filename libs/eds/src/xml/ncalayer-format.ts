import { createHash, sign, type KeyObject } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { C14nCanonicalization, SignedXml } from 'xml-crypto';
import { findAncestorNsForElement } from 'xml-crypto/lib/utils';

/** XMLDSig namespace; the Signature element is found by it, never by prefix. */
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** The exact algorithms NCALayer (Kalkan) uses for an RSA `signXml`; nothing else is accepted. */
export const NCALAYER_ALGORITHMS = {
  canonicalization: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  transforms: [
    'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
    'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  ],
  signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
} as const;

/** Stateless (it only holds `includeComments = false`), so one instance serves every call. */
const c14n = new C14nCanonicalization();
const C14N_OPTIONS = { defaultNsForPrefix: SignedXml.defaultNsForPrefix };

/**
 * xml-crypto's C14N 1.0 without comments (what a same-document reference gets) of `node` in
 * place; `inherited`: with the namespaces its ancestors declare, as SignedInfo is canonicalised.
 */
export function canonical(node: Node, inherited = false): string {
  return c14n.process(
    node,
    inherited ? { ...C14N_OPTIONS, ancestorNamespaces: findAncestorNsForElement(node as Element) } : C14N_OPTIONS,
  );
}

/** The Signature element as xml-crypto writes it for the NCALayer layout (prefix `ds`). */
function signatureXml(digest: string, signatureValue: string, certificateBase64: string): string {
  const a = NCALAYER_ALGORITHMS;
  return (
    `<ds:Signature xmlns:ds="${XMLDSIG_NS}"><ds:SignedInfo>` +
    `<ds:CanonicalizationMethod Algorithm="${a.canonicalization}"/><ds:SignatureMethod Algorithm="${a.signature}"/>` +
    `<ds:Reference URI=""><ds:Transforms>${a.transforms.map((t) => `<ds:Transform Algorithm="${t}"/>`).join('')}</ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${a.digest}"/><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>` +
    `<ds:SignatureValue>${signatureValue}</ds:SignatureValue>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>`
  );
}

/**
 * Signs `xml` the way NCALayer does: an enveloped `ds:Signature` appended as the last child of
 * the document element, one Reference with URI="", and KeyInfo carrying the signer's certificate
 * only. Used by tests and the dev signer to emulate a citizen's NCALayer; a signer that signs many
 * documents passes the key loaded once (a PEM is parsed again on every signature).
 *
 * The computation is xml-crypto's `computeSignature` for this one layout — its C14N of the
 * document, its C14N of SignedInfo in place with the namespaces it inherits — without its XPath
 * look-ups, second parse and re-serialisation of the whole document: the Signature is written into
 * the text before the document element's end tag. That was most of a release-day race's
 * simulated parents (bench:lifecycle). test/ncalayer-format.spec.ts holds its output to
 * xml-crypto's, byte for byte.
 */
export function signLikeNcaLayer(xml: string, privateKey: string | KeyObject, certificatePem: string): string {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  const end = root ? xml.lastIndexOf(`</${root.tagName}`) : -1;
  if (end < 0 || !/^\s*>/.test(xml.slice(end + root.tagName.length + 2)))
    throw new Error('signLikeNcaLayer: the document element needs an end tag');
  // Enveloped-signature (no signature yet), then C14N: a same-document reference drops comments.
  const digest = createHash('sha256').update(canonical(root)).digest('base64');
  const certificate = certificatePem.replace(/-----[A-Z ]+-----|\s/g, '');
  const placed = new DOMParser().parseFromString(signatureXml(digest, '', certificate), 'text/xml').documentElement;
  root.appendChild(doc.importNode(placed, true));
  const signedInfo = (root.lastChild as Element).firstChild as Element;
  const value = sign('sha256', Buffer.from(canonical(signedInfo, true)), privateKey).toString('base64');
  return xml.slice(0, end) + signatureXml(digest, value, certificate) + xml.slice(end);
}
