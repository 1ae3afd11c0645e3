export { NCALAYER_ALGORITHMS, XMLDSIG_NS, signLikeNcaLayer } from './xml/ncalayer-format';
export { DEFAULT_MAX_BYTES } from './xml/safe-xml.parser';
export { verifySignedXml, verifySignerCertificate } from './verify-signed-xml';
export type {
  CertificateCheckOptions,
  VerifiedCertificate,
  VerifiedSignature,
  VerifyOptions,
} from './verify-signed-xml';
export { TrustStore, loadTrustStore } from './certificate/trust-store';
export type { TrustStoreConfig } from './certificate/trust-store';
export { parseCertificate } from './certificate/certificate';
export { KEY_PURPOSES } from './certificate/certificate-profile';
export type { CertificateSubject, KeyPurpose, PurposeRule, SubjectType } from './certificate/certificate-profile';
export { OID } from './eds-oids';
export type { LegalRole } from './eds-oids';
export { NcaRevocationChecker } from './revocation/revocation-checker';
export type {
  RevocationAuthorityConfig,
  RevocationChecker,
  RevocationCheckerOptions,
  RevocationEvidence,
} from './revocation/revocation-checker';
export { buildOcspRequest, checkOcspResponse } from './revocation/ocsp';
