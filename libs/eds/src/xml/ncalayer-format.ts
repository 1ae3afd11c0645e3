import type { KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';

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

/**
 * Signs `xml` the way NCALayer does: an enveloped `ds:Signature` appended as the last child of
 * the document element, one Reference with URI="", and KeyInfo carrying the signer's certificate
 * only. Used by tests and the dev signer to emulate a citizen's NCALayer; a signer that signs many
 * documents passes the key loaded once (a PEM is parsed again on every signature).
 */
export function signLikeNcaLayer(xml: string, privateKey: string | KeyObject, certificatePem: string): string {
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
