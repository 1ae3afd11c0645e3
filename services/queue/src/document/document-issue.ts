import { EntityManager } from 'typeorm';
import { almatyDate } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { Portals } from '@kezek/portals';
import type { GroupFacts } from '@kezek/vacancies-api';
import type { Application } from '../application/application.entity';
import type { Referral } from '../referral/referral.entity';
import { newVerificationCode } from './document-link';
import {
  contentHash,
  FILING_DOCUMENT_KINDS,
  filingContent,
  ReferralContent,
  referralContent,
} from './document-template';
import { IssuedDocumentRecord } from './document.entity';
import { DocumentRepository } from './document.repository';
import { DocumentKind } from './models/document-kind.enum';

/**
 * The four filing documents of an application (R22), stating its data as the transaction `tx`
 * sees it, issued at `at`; a repeated call issues nothing twice. DocumentService.issueFilingDocuments
 * in the app, and the demo seed, which runs without Nest.
 */
export async function issueFilingDocuments(
  documents: DocumentRepository,
  portals: Portals,
  tx: EntityManager,
  applicationId: string,
  at: Date,
): Promise<IssuedDocumentRecord[]> {
  const facts = await documents.applicationFacts(tx, applicationId);
  if (!facts) throw new DomainError('NOT_FOUND', `application ${applicationId} not found`);
  const area = portals.all.find((p) => p.regionIds.includes(facts.queueAreaId))?.name;
  const content = filingContent({ ...facts, queueArea: area ?? { kk: facts.queueAreaId, ru: facts.queueAreaId } });
  return documents.insertMissing(
    tx,
    FILING_DOCUMENT_KINDS.map((kind) => ({
      applicationId,
      kind,
      issuedAt: at,
      verificationCode: newVerificationCode(),
      content,
      contentSha256: contentHash(kind, content),
    })),
  );
}

/** What a referral's document is issued from: the application, the referral and its group as GroupsApi.find answers it. */
export interface ReferralDocumentInput {
  application: Pick<
    Application,
    'id' | 'number' | 'childFullName' | 'childIin' | 'childBirthDate' | 'applicantFullName'
  >;
  referral: Pick<Referral, 'id' | 'number' | 'issuedAt' | 'expiresAt' | 'groupId'>;
  /** The referral's group (`VacanciesApiClient.groups([groupId])`), read when the referral is issued. */
  group: GroupFacts;
}

/**
 * The referral's document (R22), kk and ru from one content, issued at `at`: called in the
 * transaction that issues the referral. A repeated call issues nothing twice and returns the
 * referral's current document.
 */
export async function issueReferralDocument(
  documents: DocumentRepository,
  tx: EntityManager,
  { application, referral, group }: ReferralDocumentInput,
  at: Date,
): Promise<IssuedDocumentRecord> {
  if (group.id !== referral.groupId)
    throw new DomainError('INVALID_STATE', `group ${group.id} is not the referral's group ${referral.groupId}`);
  const content = referralContent(application, referral, group);
  const [issued] = await documents.insertMissing(tx, [
    {
      applicationId: application.id,
      referralId: referral.id,
      kind: DocumentKind.REFERRAL,
      issuedAt: at,
      verificationCode: newVerificationCode(),
      content,
      contentSha256: contentHash(DocumentKind.REFERRAL, content),
    },
  ]);
  return issued ?? (await documents.lockCurrentReferralDocument(tx, referral.id))!;
}

/**
 * A new version of the referral's document stating its new expiry (an extension, R14), issued at
 * `at`; the previous version is superseded and still verifiable. Everything else it states is
 * the previous version's (the kindergarten as it was named at issue). Called in the extending
 * transaction; a repeated call for the same expiry returns the current version and issues none.
 */
export async function reissueReferralDocument(
  documents: DocumentRepository,
  tx: EntityManager,
  referral: Pick<Referral, 'id' | 'expiresAt'>,
  at: Date,
): Promise<IssuedDocumentRecord> {
  const current = await documents.lockCurrentReferralDocument(tx, referral.id);
  if (!current) throw new DomainError('NOT_FOUND', `referral ${referral.id} has no document`);
  const previous = current.content as ReferralContent;
  const validUntil = almatyDate(referral.expiresAt);
  if (previous.validUntil === validUntil) return current;
  await documents.supersede(tx, current.id, at);
  const content: ReferralContent = { ...previous, validUntil };
  const [issued] = await documents.insertMissing(tx, [
    {
      applicationId: current.applicationId,
      referralId: referral.id,
      kind: DocumentKind.REFERRAL,
      issuedAt: at,
      verificationCode: newVerificationCode(),
      content,
      contentSha256: contentHash(DocumentKind.REFERRAL, content),
    },
  ]);
  return issued;
}
