import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { CertificateHolder, KeyType, purposeExtensions, subjectName } from './nca-profile';
import { KeySource, RSA_ALGORITHM } from './rsa-keys';

/** Names carry KEZEK DEV TEST so nobody mistakes them for NCA's own test or production CAs. */
export const ROOT_CA_NAME = 'НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) KEZEK DEV TEST';
export const ISSUING_CA_NAME = 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) KEZEK DEV TEST';

/** Where the dev PKI server publishes; certificates point here (CDP, Freshest CRL, AIA). */
export const PKI_PATHS = {
  rootCertificate: '/cert/root_rsa_dev.cer',
  issuingCertificate: '/cert/nca_rsa_dev.cer',
  crl: '/crl/nca_rsa_dev.crl',
  deltaCrl: '/crl/nca_d_rsa_dev.crl',
  ocsp: '/ocsp',
} as const;

export interface KeyedCertificate {
  certificate: x509.X509Certificate;
  privateKey: webcrypto.CryptoKey;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** 20 random bytes like NCA's serials; the top bit is cleared so the INTEGER stays positive. */
function randomSerial(): string {
  const bytes = randomBytes(20);
  bytes[0] = bytes[0] & 0x7f || 0x01;
  return bytes.toString('hex');
}

function keyIdOf(certificate: x509.X509Certificate): string {
  const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  if (!ski) throw new Error(`certificate ${certificate.subject} has no subject key identifier`);
  return ski.keyId;
}

export function authorityKeyIdentifier(issuer: x509.X509Certificate): x509.AuthorityKeyIdentifierExtension {
  return new x509.AuthorityKeyIdentifierExtension(keyIdOf(issuer));
}

const caName = (cn: string, countryFirst: boolean) => {
  const parts: x509.JsonNameParams = [{ '2.5.4.3': [{ utf8String: cn }] }, { '2.5.4.6': [{ printableString: 'KZ' }] }];
  return new x509.Name(countryFirst ? parts.reverse() : parts);
};

/** Root and issuing CA, shaped like NCA's RSA test chain (root CN+C, issuing C+CN, path length 0). */
export async function createCertificateAuthority(
  at: Date,
  publicUrl: string,
  keys: KeySource,
): Promise<{ root: KeyedCertificate; issuing: KeyedCertificate }> {
  const [rootKeys, issuingKeys] = await Promise.all([keys(), keys()]);
  const caUsage = new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true);
  const rootName = caName(ROOT_CA_NAME, false);
  const rootSki = await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey);
  const root = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: rootName,
    issuer: rootName,
    notBefore: at,
    notAfter: new Date(at.getTime() + 20 * YEAR_MS),
    publicKey: rootKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: RSA_ALGORITHM,
    extensions: [
      rootSki,
      new x509.AuthorityKeyIdentifierExtension(rootSki.keyId),
      new x509.BasicConstraintsExtension(true, undefined, true),
      caUsage,
    ],
  });
  const issuing = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: caName(ISSUING_CA_NAME, true),
    issuer: root.subjectName,
    notBefore: at,
    notAfter: new Date(at.getTime() + 10 * YEAR_MS),
    publicKey: issuingKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: RSA_ALGORITHM,
    extensions: [
      await x509.SubjectKeyIdentifierExtension.create(issuingKeys.publicKey),
      authorityKeyIdentifier(root),
      new x509.BasicConstraintsExtension(true, 0, true),
      caUsage,
      new x509.AuthorityInfoAccessExtension({ caIssuers: `${publicUrl}${PKI_PATHS.rootCertificate}` }),
    ],
  });
  return {
    root: { certificate: root, privateKey: rootKeys.privateKey },
    issuing: { certificate: issuing, privateKey: issuingKeys.privateKey },
  };
}

export interface LeafRequest {
  holder: CertificateHolder;
  type: KeyType;
  publicKey: webcrypto.CryptoKey;
  notBefore: Date;
  notAfter: Date;
  publicUrl: string;
}

/** An end-entity certificate in NCA's profile, signed by the issuing CA. */
export async function issueLeafCertificate(
  issuer: KeyedCertificate,
  request: LeafRequest,
): Promise<x509.X509Certificate> {
  const { publicUrl } = request;
  const crl = new x509.CRLDistributionPointsExtension([`${publicUrl}${PKI_PATHS.crl}`]);
  const freshestCrl = new x509.CRLDistributionPointsExtension([`${publicUrl}${PKI_PATHS.deltaCrl}`]);
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: subjectName(request.holder),
    issuer: issuer.certificate.subjectName,
    notBefore: request.notBefore,
    // A leaf never outlives its issuer, or chain validation would fail before the leaf expires.
    notAfter: new Date(Math.min(request.notAfter.getTime(), issuer.certificate.notAfter.getTime())),
    publicKey: request.publicKey,
    signingKey: issuer.privateKey,
    signingAlgorithm: RSA_ALGORITHM,
    extensions: [
      ...purposeExtensions(request.holder, request.type),
      authorityKeyIdentifier(issuer.certificate),
      await x509.SubjectKeyIdentifierExtension.create(request.publicKey),
      crl,
      // Freshest CRL (delta) has the CDP syntax under its own OID.
      new x509.Extension('2.5.29.46', false, freshestCrl.value),
      new x509.AuthorityInfoAccessExtension({
        caIssuers: `${publicUrl}${PKI_PATHS.issuingCertificate}`,
        ocsp: `${publicUrl}${PKI_PATHS.ocsp}`,
      }),
    ],
  });
}
