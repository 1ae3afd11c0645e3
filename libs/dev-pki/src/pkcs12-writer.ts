import * as x509 from '@peculiar/x509';
import forge from 'node-forge';

/**
 * A `.p12` laid out like the ones NCA hands out: one shrouded key bag (pbeWithSHA1And3-KeyTripleDES,
 * 1024 iterations, 20-byte salt, SHA-1 MAC) and the holder's certificate only, both tagged with
 * the key id as localKeyId and as hex friendlyName (the alias NCALayer shows).
 */
export function toPkcs12(privateKeyPkcs8: ArrayBuffer, certificate: x509.X509Certificate, password: string): Buffer {
  const key = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(Buffer.from(privateKeyPkcs8).toString('binary')));
  const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(certificate.rawData).toString('binary')));
  const keyId = certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, {
    algorithm: '3des',
    count: 1024,
    saltSize: 20,
    ...(keyId ? { localKeyId: keyId, friendlyName: keyId } : {}),
  });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}
