import * as x509 from '@peculiar/x509';
import { KEY_PURPOSES, KeyPurpose, OID, SubjectType } from '@kezek/eds';

/**
 * NCA (НУЦ РК) certificate profile, as in pki-fixtures/README.md. Everything is written by OID,
 * with the OIDs and the key table of @kezek/eds, so the verifier reads exactly what we write.
 */
export type KeyType = KeyPurpose;
export const KEY_TYPES: readonly KeyType[] = ['AUTH', 'SIGN'];

/** Role of a legal entity's employee, an EKU OID beside the legal-entity subject type. */
export const EMPLOYEE_ROLE_OID = {
  head: OID.roleFirstHead,
  signer: OID.roleSigningRight,
  financial: OID.roleFinancial,
  hr: OID.roleHr,
  employee: OID.roleEmployee,
} as const;

export type EmployeeRole = keyof typeof EMPLOYEE_ROLE_OID;

export interface CertificateHolder {
  iin: string;
  surname: string;
  givenName: string;
  patronymic?: string | null;
  email?: string | null;
  /** Present for an organisation's employee. */
  organization?: { bin: string; name: string; role: EmployeeRole };
}

/** Subject type, carried as an extra EKU OID. */
const SUBJECT_TYPE_OID: Record<SubjectType, string> = { individual: OID.subjectIndividual, legal: OID.subjectLegal };

export function commonName(holder: CertificateHolder): string {
  return `${holder.surname} ${holder.givenName}`.toUpperCase();
}

const utf8 = (value: string) => [{ utf8String: value }];
const printable = (value: string) => [{ printableString: value }];

/** Subject DN in NCA's attribute order (CN, SN, SERIALNUMBER, C, O, OU, G); G holds the patronymic. */
export function subjectName(holder: CertificateHolder): x509.Name {
  const org = holder.organization;
  return new x509.Name([
    { [OID.commonName]: utf8(commonName(holder)) },
    { [OID.surname]: utf8(holder.surname.toUpperCase()) },
    { [OID.serialNumber]: printable(`IIN${holder.iin}`) },
    { [OID.country]: printable('KZ') },
    ...(org ? [{ [OID.organization]: utf8(org.name) }, { [OID.organizationalUnit]: printable(`BIN${org.bin}`) }] : []),
    ...(holder.patronymic ? [{ [OID.givenName]: utf8(holder.patronymic.toUpperCase()) }] : []),
  ]);
}

/** The extensions that say who the holder is and what the key is for. */
export function purposeExtensions(holder: CertificateHolder, type: KeyType): x509.Extension[] {
  const rule = KEY_PURPOSES[type];
  const kind: SubjectType = holder.organization ? 'legal' : 'individual';
  const purposes = [rule.extendedKeyUsage, SUBJECT_TYPE_OID[kind]];
  if (holder.organization) purposes.push(EMPLOYEE_ROLE_OID[holder.organization.role]);
  return [
    new x509.KeyUsagesExtension(rule.keyUsage, true),
    new x509.ExtendedKeyUsageExtension(purposes),
    new x509.CertificatePolicyExtension([rule.policy[kind]]),
    ...(holder.email ? [new x509.SubjectAlternativeNameExtension([{ type: 'email', value: holder.email }])] : []),
  ];
}
