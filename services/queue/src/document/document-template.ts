import { createHash } from 'node:crypto';
import { almatyDate, toAlmatyIso } from '@kezek/clock';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';
import {
  DOCUMENT_STATEMENTS,
  DOCUMENT_TITLES,
  DocumentField,
  FIELD_LABELS,
  LANGUAGE_LABELS,
  PdfLanguage,
  PRIVILEGE_LABELS,
  STATUS_LABELS,
} from './document-labels';
import { DocumentKind } from './models/document-kind.enum';

/**
 * What an issued document states, fixed when it is issued (stored with it, and hashed): the PDF
 * is the same every time it is opened, whatever happens to the application later.
 */
export type DocumentContent = FilingContent | ReferralContent;

/** What the four filing documents state. */
export interface FilingContent {
  number: string;
  /** The filing instant, ISO-8601 in Asia/Almaty time (R1). */
  registeredAt: string;
  childFullName: string;
  childIin: string;
  childBirthDate: string;
  groupYear: number;
  /** The queue area's name (the portal's name when a portal serves it, else its id). */
  queueArea: { kk: string; ru: string };
  privilege: Privilege;
  status: ApplicationStatus;
  /** Rendered only when the application records them. */
  applicantFullName: string | null;
  language: string | null;
}

/**
 * What a referral states (R12–R14): the kindergarten as the registry named it when the referral
 * was issued, so renaming it later changes no issued referral.
 */
export interface ReferralContent {
  referralNumber: string;
  /** The application's number. */
  number: string;
  /** The referral's issue instant, ISO-8601 in Asia/Almaty time (R1). */
  referralIssuedAt: string;
  /** The last day it is valid, in Asia/Almaty (R13, or the extension's date, R14). */
  validUntil: string;
  childFullName: string;
  childIin: string;
  childBirthDate: string;
  applicantFullName: string | null;
  groupId: string;
  groupYear: number;
  /** The group's language of instruction. */
  language: string;
  kindergarten: { id: string; name: { kk: string; ru: string }; address: string };
}

/** The documents issued when an application is filed (R22), in the order of Общие документы. */
export const FILING_DOCUMENT_KINDS = [
  DocumentKind.REGISTRATION_NOTICE,
  DocumentKind.DOCUMENTS_RECEIPT,
  DocumentKind.BOOK_REGISTRATION,
  DocumentKind.CHILD_CARD,
] as const;
type FilingDocumentKind = (typeof FILING_DOCUMENT_KINDS)[number];

type FilingField = keyof FilingContent & DocumentField;
type ReferralField = Exclude<DocumentField, 'registeredAt' | 'queueArea' | 'privilege' | 'status'>;
/** Fields both contents state the same way. */
type SharedField = FilingField & ReferralField;

const FILING_TEMPLATES: Record<FilingDocumentKind, readonly FilingField[]> = {
  REGISTRATION_NOTICE: [
    'number',
    'registeredAt',
    'applicantFullName',
    'childFullName',
    'childIin',
    'childBirthDate',
    'groupYear',
    'queueArea',
    'privilege',
    'status',
    'language',
  ],
  DOCUMENTS_RECEIPT: ['number', 'registeredAt', 'applicantFullName', 'childFullName', 'childIin', 'privilege'],
  BOOK_REGISTRATION: [
    'number',
    'registeredAt',
    'childFullName',
    'childIin',
    'childBirthDate',
    'groupYear',
    'queueArea',
    'privilege',
  ],
  CHILD_CARD: [
    'childFullName',
    'childIin',
    'childBirthDate',
    'groupYear',
    'queueArea',
    'privilege',
    'status',
    'language',
    'number',
    'registeredAt',
  ],
};

const REFERRAL_TEMPLATE: readonly ReferralField[] = [
  'referralNumber',
  'childFullName',
  'childIin',
  'childBirthDate',
  'kindergartenName',
  'kindergartenAddress',
  'groupYear',
  'language',
  'referralIssuedAt',
  'referralValidUntil',
  'applicantFullName',
  'number',
];

/** Which fields each kind prints, in order. */
export const DOCUMENT_TEMPLATES: Record<DocumentKind, readonly DocumentField[]> = {
  ...FILING_TEMPLATES,
  REFERRAL: REFERRAL_TEMPLATE,
};

/** `2026-03-02T10:00:00.000+05:00` → `02.03.2026 10:00:00`, as the portal's screens write it. */
export function formatDateTime(iso: string): string {
  const [date, time] = iso.split('T');
  return `${formatDate(date)} ${time.slice(0, 8)}`;
}

/** `2023-01-31` → `31.01.2023`. */
function formatDate(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}

function sharedValue(field: SharedField, c: DocumentContent, lang: PdfLanguage): string | null {
  switch (field) {
    case 'childBirthDate':
      return formatDate(c.childBirthDate);
    case 'groupYear':
      return String(c.groupYear);
    case 'language':
      return c.language === null ? null : (LANGUAGE_LABELS[c.language]?.[lang] ?? c.language);
    default:
      return c[field];
  }
}

function filingValue(field: FilingField, c: FilingContent, lang: PdfLanguage): string | null {
  switch (field) {
    case 'registeredAt':
      return formatDateTime(c.registeredAt);
    case 'queueArea':
      return c.queueArea[lang];
    case 'privilege':
      return PRIVILEGE_LABELS[c.privilege][lang];
    case 'status':
      return STATUS_LABELS[c.status][lang];
    default:
      return sharedValue(field, c, lang);
  }
}

function referralValue(field: ReferralField, c: ReferralContent, lang: PdfLanguage): string | null {
  switch (field) {
    case 'referralNumber':
      return c.referralNumber;
    case 'kindergartenName':
      return c.kindergarten.name[lang];
    case 'kindergartenAddress':
      return c.kindergarten.address;
    case 'referralIssuedAt':
      return formatDateTime(c.referralIssuedAt);
    case 'referralValidUntil':
      return formatDate(c.validUntil);
    default:
      return sharedValue(field, c, lang);
  }
}

function isReferralContent(c: DocumentContent): c is ReferralContent {
  return 'referralNumber' in c;
}

export interface DocumentText {
  title: string;
  statement: string;
  lines: Array<{ label: string; value: string }>;
}

/** The words of one document in one language; fields the application does not record are left out. */
export function documentText(kind: DocumentKind, content: DocumentContent, lang: PdfLanguage): DocumentText {
  if ((kind === DocumentKind.REFERRAL) !== isReferralContent(content))
    throw new Error(`${kind} does not state this content`);
  const values: Array<[DocumentField, string | null]> = isReferralContent(content)
    ? REFERRAL_TEMPLATE.map((field) => [field, referralValue(field, content, lang)])
    : FILING_TEMPLATES[kind as FilingDocumentKind].map((field) => [field, filingValue(field, content, lang)]);
  return {
    title: DOCUMENT_TITLES[kind][lang],
    statement: DOCUMENT_STATEMENTS[kind][lang],
    lines: values.flatMap(([field, value]) =>
      value === null || value === '' ? [] : [{ label: FIELD_LABELS[field][lang], value }],
    ),
  };
}

/** JSON with keys sorted at every level: PostgreSQL's jsonb keeps no key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of a document's kind and content: stored at issue, checked by the public verification. */
export function contentHash(kind: DocumentKind, content: DocumentContent): string {
  return createHash('sha256').update(canonicalJson({ kind, content })).digest('hex');
}

/** The content of an application's filing documents at `registeredAt`, from its row. */
export function filingContent(row: {
  number: string;
  createdAt: Date;
  childFullName: string;
  childIin: string;
  childBirthDate: string;
  groupYear: number;
  queueArea: { kk: string; ru: string };
  privilege: Privilege;
  status: ApplicationStatus;
  applicantFullName?: string | null;
  language?: string | null;
}): FilingContent {
  return {
    number: row.number,
    registeredAt: toAlmatyIso(row.createdAt),
    childFullName: row.childFullName,
    childIin: row.childIin,
    childBirthDate: row.childBirthDate,
    groupYear: row.groupYear,
    queueArea: row.queueArea,
    privilege: row.privilege,
    status: row.status,
    applicantFullName: row.applicantFullName ?? null,
    language: row.language ?? null,
  };
}

/** The content of a referral's document: the referral, its application and its group as vacancies had it at issue. */
export function referralContent(
  application: {
    number: string;
    childFullName: string;
    childIin: string;
    childBirthDate: string;
    applicantFullName: string | null;
  },
  referral: { number: string; issuedAt: Date; expiresAt: Date },
  group: {
    id: string;
    groupYear: number;
    language: string;
    kindergarten: { id: string; nameKk: string; nameRu: string; address: string };
  },
): ReferralContent {
  return {
    referralNumber: referral.number,
    number: application.number,
    referralIssuedAt: toAlmatyIso(referral.issuedAt),
    validUntil: almatyDate(referral.expiresAt),
    childFullName: application.childFullName,
    childIin: application.childIin,
    childBirthDate: application.childBirthDate,
    applicantFullName: application.applicantFullName || null,
    groupId: group.id,
    groupYear: group.groupYear,
    language: group.language,
    kindergarten: {
      id: group.kindergarten.id,
      name: { kk: group.kindergarten.nameKk, ru: group.kindergarten.nameRu },
      address: group.kindergarten.address,
    },
  };
}
