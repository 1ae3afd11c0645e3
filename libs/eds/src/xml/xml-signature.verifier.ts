import { createHash, verify } from 'node:crypto';
import { X509Certificate } from '@peculiar/x509';
import { refuse } from '../eds-error';
import { publicKeyOf } from '../certificate/certificate';
import { canonical } from './ncalayer-format';
import { parseXmlSafely } from './safe-xml.parser';
import { SignatureElements } from './signature-structure';

/**
 * Step 4 for the one layout step 2 admits (enveloped, one Reference URI="", the NCALayer
 * algorithms): the same computation as xml-crypto's `checkSignature` — its C14N and its ancestor
 * namespaces for SignedInfo — on the document we already parsed, without its second parse, XPath
 * look-ups, deep clone and re-parse of the canonical SignedInfo. Digest first, then the signature
 * value with `certificate` as the only key, as xml-crypto orders them. Returns the signed content
 * as canonicalised for the digest, never a node of the DOM. test/xml-crypto-agreement.spec.ts holds
 * it to xml-crypto's verdict on every fixture and on a fuzzed corpus of mutations.
 */
export function checkXmlSignature(doc: Document, elements: SignatureElements, certificate: X509Certificate): string {
  let canonicalSignedInfo: string;
  let signedContent: string;
  try {
    ({ canonicalSignedInfo, signedContent } = canonicalise(doc, elements));
  } catch {
    // What C14N cannot render (a processing instruction where it does not expect one) is refused
    // as xml-crypto's checkSignature refused it: it throws, and nothing verified.
    return refuse('SIGNATURE_INVALID', 'signature value does not verify with the KeyInfo certificate');
  }
  const digest = createHash('sha256').update(signedContent).digest();
  if (!digest.equals(Buffer.from(elements.digestValue, 'base64'))) {
    refuse('SIGNATURE_INVALID', 'digest of the signed content does not match DigestValue');
  }

  let valid = false;
  try {
    valid = verify(
      'sha256',
      Buffer.from(canonicalSignedInfo),
      publicKeyOf(certificate),
      Buffer.from(elements.signatureValue, 'base64'),
    );
  } catch {
    valid = false;
  }
  if (!valid) refuse('SIGNATURE_INVALID', 'signature value does not verify with the KeyInfo certificate');
  return signedContent;
}

/** C14N of SignedInfo with the namespaces it inherits, and of the document minus the Signature. */
function canonicalise(doc: Document, { signature, signedInfo }: SignatureElements) {
  const canonicalSignedInfo = canonical(signedInfo, true);
  // Enveloped-signature transform, then C14N. A same-document reference drops comments, so the
  // `#WithComments` transform yields exactly what C14N without comments does.
  const root = doc.documentElement;
  const next = signature.nextSibling;
  root.removeChild(signature);
  try {
    return { canonicalSignedInfo, signedContent: canonical(root) };
  } finally {
    root.insertBefore(signature, next);
  }
}

/**
 * Step 5: the signed content must be the document the server prepared, compared after the same
 * canonicalisation the Reference applies (C14N; comments are dropped for URI=""). The signed
 * content is C14N output, which C14N leaves unchanged, so a prepared document equal to it byte for
 * byte (identity prepares its documents in canonical form) needs no parse of its own.
 */
export function assertPreparedContent(signedContent: string, expectedXml: string): void {
  if (expectedXml === signedContent) return;
  const expected = canonical(parseXmlSafely(expectedXml).documentElement);
  if (expected !== signedContent) refuse('SIGNATURE_INVALID', 'signed content differs from the prepared document');
}
