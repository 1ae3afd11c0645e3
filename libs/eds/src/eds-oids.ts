/** Object identifiers of the NCA (НУЦ РК) certificate profile and the PKIX pieces we check. */
export const OID = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  givenName: '2.5.4.42',
  emailAddress: '1.2.840.113549.1.9.1',

  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',

  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  deltaCrlIndicator: '2.5.29.27',
  certificatePolicies: '2.5.29.32',
  extKeyUsage: '2.5.29.37',

  clientAuth: '1.3.6.1.5.5.7.3.2',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',

  policyLegalSign: '1.2.398.3.3.2.1',
  policyLegalAuth: '1.2.398.3.3.2.2',
  policyIndividualSign: '1.2.398.3.3.2.3',
  policyIndividualAuth: '1.2.398.3.3.2.4',
  subjectIndividual: '1.2.398.3.3.4.1.1',
  subjectLegal: '1.2.398.3.3.4.1.2',
  roleFirstHead: '1.2.398.3.3.4.1.2.1',
  roleSigningRight: '1.2.398.3.3.4.1.2.2',
  roleFinancial: '1.2.398.3.3.4.1.2.3',
  roleHr: '1.2.398.3.3.4.1.2.4',
  roleEmployee: '1.2.398.3.3.4.1.2.5',
} as const;

/** Legal-entity roles, an extra EKU under 1.2.398.3.3.4.1.2. */
export const LEGAL_ROLES = {
  [OID.roleFirstHead]: 'FIRST_HEAD',
  [OID.roleSigningRight]: 'SIGNING_RIGHT',
  [OID.roleFinancial]: 'FINANCIAL',
  [OID.roleHr]: 'HR',
  [OID.roleEmployee]: 'EMPLOYEE',
} as const;

export type LegalRole = (typeof LEGAL_ROLES)[keyof typeof LEGAL_ROLES];

/** Kazakh GOST algorithms (signatures, keys) live under this arc; named in refusals. */
export const KZ_GOST_ARC = '1.2.398.3.10.';
