import {
  BasicConstraintsExtension,
  CertificatePolicyExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  X509Certificate,
} from '@peculiar/x509';
import { isValidIin } from '@kezek/iin';
import { refuse } from '../eds-error';
import { LEGAL_ROLES, LegalRole, OID } from '../eds-oids';
import { perCertificate } from '../memo';

export type KeyPurpose = 'AUTH' | 'SIGN';
export type SubjectType = 'individual' | 'legal';

/** The signer as the certificate states it, every field read by OID. */
export interface CertificateSubject {
  iin: string;
  /** CN as issued: "SURNAME NAME". */
  commonName: string | null;
  surname: string | null;
  /** CN without the surname. */
  givenName: string | null;
  /** 2.5.4.42 — in NCA certificates this is the patronymic, not the first name. */
  patronymic: string | null;
  organization: string | null;
  bin: string | null;
  email: string | null;
  subjectType: SubjectType;
  legalRole: LegalRole | null;
  keyPurpose: KeyPurpose;
}

export interface PurposeRule {
  keyUsage: KeyUsageFlags;
  extendedKeyUsage: string;
  policy: Record<SubjectType, string>;
}

/** The key table of the NCA profile (README, "Certificate profile"); dev-pki issues by it too. */
export const KEY_PURPOSES: Readonly<Record<KeyPurpose, PurposeRule>> = {
  AUTH: {
    keyUsage: KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment,
    extendedKeyUsage: OID.clientAuth,
    policy: { individual: OID.policyIndividualAuth, legal: OID.policyLegalAuth },
  },
  SIGN: {
    keyUsage: KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation,
    extendedKeyUsage: OID.emailProtection,
    policy: { individual: OID.policyIndividualSign, legal: OID.policyLegalSign },
  },
};

/** Critical extensions we understand; any other critical extension refuses the certificate. */
const KNOWN_CRITICAL_EXTENSIONS: ReadonlySet<string> = new Set([
  OID.keyUsage,
  OID.extKeyUsage,
  OID.basicConstraints,
  OID.certificatePolicies,
  OID.subjectAltName,
]);

export const unknownCriticalExtension = perCertificate(
  (cert): string | undefined => cert.extensions.find((e) => e.critical && !KNOWN_CRITICAL_EXTENSIONS.has(e.type))?.type,
);

/** What step 8 reads from a certificate, decoded once per certificate. */
const keyFacts = perCertificate((cert) => ({
  unknownCritical: unknownCriticalExtension(cert),
  isCa: Boolean(cert.getExtension(BasicConstraintsExtension)?.ca),
  usages: cert.getExtension(KeyUsagesExtension)?.usages ?? 0,
  eku: (cert.getExtension(ExtendedKeyUsageExtension)?.usages ?? []).map(String),
  policies: cert.getExtension(CertificatePolicyExtension)?.policies ?? [],
}));

/**
 * Step 8: the key must be the one for this operation (AUTH to sign in, SIGN for actions) and the
 * subject the expected kind. Policy, EKU and keyUsage must all agree, so a key that merely lacks
 * an extension never passes as the other kind.
 */
export function checkKeyPurpose(
  cert: X509Certificate,
  purpose: KeyPurpose,
  subject: SubjectType | 'any',
): { subjectType: SubjectType; legalRole: LegalRole | null } {
  const { unknownCritical, isCa, usages, eku, policies } = keyFacts(cert);
  if (unknownCritical) refuse('WRONG_KEY_USAGE', 'unknown critical extension', { extension: unknownCritical });
  if (isCa) refuse('WRONG_KEY_USAGE', 'a CA certificate cannot sign');

  const rule = KEY_PURPOSES[purpose];
  if ((usages & rule.keyUsage) !== rule.keyUsage)
    refuse('WRONG_KEY_USAGE', `keyUsage does not allow ${purpose}`, { purpose });
  if (!eku.includes(rule.extendedKeyUsage))
    refuse('WRONG_KEY_USAGE', `extKeyUsage lacks the ${purpose} purpose`, { purpose });

  const subjectType = readSubjectType(eku);
  if (subject !== 'any' && subject !== subjectType) {
    refuse('WRONG_KEY_USAGE', `the signer must be ${SUBJECT_LABELS[subject]}`, {
      required: subject,
      actual: subjectType,
    });
  }
  if (!policies.includes(rule.policy[subjectType])) {
    refuse('WRONG_KEY_USAGE', `certificate policy is not the ${subjectType} ${purpose} policy`, { purpose });
  }
  const role = eku.find((oid): oid is keyof typeof LEGAL_ROLES => oid in LEGAL_ROLES);
  return { subjectType, legalRole: subjectType === 'legal' && role ? LEGAL_ROLES[role] : null };
}

const SUBJECT_LABELS: Record<SubjectType, string> = { individual: 'an individual', legal: 'a legal entity' };

function readSubjectType(eku: string[]): SubjectType {
  const individual = eku.includes(OID.subjectIndividual);
  const legal = eku.includes(OID.subjectLegal);
  if (individual === legal) refuse('WRONG_KEY_USAGE', 'certificate does not state one subject type');
  return individual ? 'individual' : 'legal';
}

/**
 * Step 10: IIN (and BIN) by OID; the checksum is enforced where the trust store says so (the public
 * NCA test IINs fail it).
 */
export function readSubject(
  cert: X509Certificate,
  profile: { subjectType: SubjectType; legalRole: LegalRole | null; keyPurpose: KeyPurpose },
  enforceIinChecksum: boolean,
): CertificateSubject {
  const { iin, bin, ...names } = subjectFields(cert);
  if (!iin) refuse('SIGNER_MISMATCH', 'certificate carries no IIN');
  if (enforceIinChecksum && !isValidIin(iin)) refuse('SIGNER_MISMATCH', 'certificate IIN fails the checksum');
  if (profile.subjectType === 'legal' && !bin) refuse('SIGNER_MISMATCH', 'legal-entity certificate carries no BIN');
  return { iin, bin, ...names, ...profile };
}

/** The subject's fields by OID, read once per certificate; step 10 judges them per verification. */
const subjectFields = perCertificate((cert) => {
  const field = (oid: string) => cert.subjectName.getField(oid)[0]?.trim() || null;
  const commonName = field(OID.commonName);
  const surname = field(OID.surname);
  const givenName =
    commonName && surname && commonName.startsWith(`${surname} `) ? commonName.slice(surname.length).trim() : null;
  const sanEmail = cert
    .getExtension(SubjectAlternativeNameExtension)
    ?.names.items.find((n) => n.type === 'email')?.value;
  return {
    iin: /^IIN(\d{12})$/.exec(field(OID.serialNumber) ?? '')?.[1],
    bin: /^BIN(\d{12})$/.exec(field(OID.organizationalUnit) ?? '')?.[1] ?? null,
    commonName,
    surname,
    givenName,
    patronymic: field(OID.givenName),
    organization: field(OID.organization),
    email: sanEmail ?? field(OID.emailAddress),
  };
});

/** The signer must be the person (and organisation) the server expects. */
export function assertExpectedSigner(subject: CertificateSubject, expected: { iin?: string; bin?: string }): void {
  if (expected.iin !== undefined && subject.iin !== expected.iin)
    refuse('SIGNER_MISMATCH', 'IIN differs from the expected signer');
  if (expected.bin !== undefined && subject.bin !== expected.bin)
    refuse('SIGNER_MISMATCH', 'BIN differs from the expected organisation');
}
