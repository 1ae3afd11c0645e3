import { C14nCanonicalization, SignedXml } from 'xml-crypto';
import { X509Certificate } from '@peculiar/x509';
import { refuse } from '../eds-error';
import { publicKeyOf } from '../certificate/certificate';
import { parseXmlSafely } from './safe-xml.parser';

/**
 * Step 4: checks the digest and the signature value with `certificate` as the only key and returns
 * the signed content exactly as xml-crypto authenticated it (`getSignedReferences()`), never a node
 * of the DOM we parsed.
 */
export function checkXmlSignature(xml: string, signature: Element, certificate: X509Certificate): string {
  const signed = new SignedXml({ publicCert: publicKeyOf(certificate), getCertFromKeyInfo: () => null });
  signed.loadSignature(signature);
  let valid: boolean;
  try {
    valid = signed.checkSignature(xml);
  } catch {
    return refuse('SIGNATURE_INVALID', 'signature value does not verify with the KeyInfo certificate');
  }
  if (!valid) refuse('SIGNATURE_INVALID', 'digest of the signed content does not match DigestValue');
  const references = signed.getSignedReferences();
  if (references.length !== 1) refuse('SIGNATURE_INVALID', 'expected exactly one signed reference');
  return references[0];
}

/**
 * Step 5: the signed content must be the document the server prepared, compared after the same
 * canonicalisation the Reference applies (C14N; comments are dropped for URI="").
 */
export function assertPreparedContent(signedContent: string, expectedXml: string): void {
  const expected = new C14nCanonicalization().process(parseXmlSafely(expectedXml).documentElement, {});
  if (expected !== signedContent) refuse('SIGNATURE_INVALID', 'signed content differs from the prepared document');
}
