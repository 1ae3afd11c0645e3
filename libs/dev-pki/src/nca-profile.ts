import * as x509 from '@peculiar/x509';

/**
 * NCA (НУЦ РК) certificate profile, as in pki-fixtures/README.md. Everything is written by OID
 * so that a verifier reading by OID sees exactly what a real NCA certificate carries.
 */
export const NAME_OID = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  /** `IIN` + 12 digits. */
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  /** `BIN` + 12 digits for legal entities. */
  organizationalUnit: '2.5.4.11',
  /** NCA puts the patronymic here, not the first name. */
  givenName: '2.5.4.42',
} as const;

export type KeyType = 'AUTH' | 'SIGN';
export const KEY_TYPES: readonly KeyType[] = ['AUTH', 'SIGN'];

export type SubjectKind = 'individual' | 'legal';

export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const EKU_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';

export const KEY_PROFILES: Record<KeyType, { keyUsage: x509.KeyUsageFlags; purpose: string; policy: Record<SubjectKind, string> }> = {
  AUTH: {
    keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
    purpose: EKU_CLIENT_AUTH,
    policy: { individual: '1.2.398.3.3.2.4', legal: '1.2.398.3.3.2.2' },
  },
  SIGN: {
    keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
    purpose: EKU_EMAIL_PROTECTION,
    policy: { individual: '1.2.398.3.3.2.3', legal: '1.2.398.3.3.2.1' },
  },
};

/** Subject type, carried as an extra EKU OID. */
export const SUBJECT_TYPE_OID: Record<SubjectKind, string> = {
  individual: '1.2.398.3.3.4.1.1',
  legal: '1.2.398.3.3.4.1.2',
};

/** Role of a legal entity's employee, an EKU OID beside the legal-entity subject type. */
export const EMPLOYEE_ROLE_OID = {
  head: '1.2.398.3.3.4.1.2.1',
  signer: '1.2.398.3.3.4.1.2.2',
  financial: '1.2.398.3.3.4.1.2.3',
  hr: '1.2.398.3.3.4.1.2.4',
  employee: '1.2.398.3.3.4.1.2.5',
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

export function subjectKind(holder: CertificateHolder): SubjectKind {
  return holder.organization ? 'legal' : 'individual';
}

export function commonName(holder: CertificateHolder): string {
  return `${holder.surname} ${holder.givenName}`.toUpperCase();
}

const utf8 = (value: string) => [{ utf8String: value }];
const printable = (value: string) => [{ printableString: value }];

/** Subject DN in NCA's attribute order (CN, SN, SERIALNUMBER, C, O, OU, G). */
export function subjectName(holder: CertificateHolder): x509.Name {
  const org = holder.organization;
  return new x509.Name([
    { [NAME_OID.commonName]: utf8(commonName(holder)) },
    { [NAME_OID.surname]: utf8(holder.surname.toUpperCase()) },
    { [NAME_OID.serialNumber]: printable(`IIN${holder.iin}`) },
    { [NAME_OID.country]: printable('KZ') },
    ...(org ? [{ [NAME_OID.organization]: utf8(org.name) }, { [NAME_OID.organizationalUnit]: printable(`BIN${org.bin}`) }] : []),
    ...(holder.patronymic ? [{ [NAME_OID.givenName]: utf8(holder.patronymic.toUpperCase()) }] : []),
  ]);
}

/** The extensions that say who the holder is and what the key is for. */
export function purposeExtensions(holder: CertificateHolder, type: KeyType): x509.Extension[] {
  const profile = KEY_PROFILES[type];
  const kind = subjectKind(holder);
  const purposes = [profile.purpose, SUBJECT_TYPE_OID[kind]];
  if (holder.organization) purposes.push(EMPLOYEE_ROLE_OID[holder.organization.role]);
  return [
    new x509.KeyUsagesExtension(profile.keyUsage, true),
    new x509.ExtendedKeyUsageExtension(purposes),
    new x509.CertificatePolicyExtension([profile.policy[kind]]),
    ...(holder.email ? [new x509.SubjectAlternativeNameExtension([{ type: 'email', value: holder.email }])] : []),
  ];
}
