import { EntityManager } from 'typeorm';
import { DomainError } from '@kezek/errors';
import { Portals } from '@kezek/portals';
import { newVerificationCode } from './document-link';
import { contentHash, FILING_DOCUMENT_KINDS, filingContent } from './document-template';
import { IssuedDocumentRecord } from './document.entity';
import { DocumentRepository } from './document.repository';

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
