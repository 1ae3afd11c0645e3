import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { Portals } from '@kezek/portals';
import { SERVICE_CONFIG } from '@kezek/service-runtime';
import { QueueConfig } from '../config';
import { DOCUMENT_TITLES, PdfLanguage } from './document-labels';
import {
  issueFilingDocuments,
  issueReferralDocument,
  ReferralDocumentInput,
  reissueReferralDocument,
} from './document-issue';
import { DocumentLinkSigner, normalizeVerificationCode } from './document-link';
import { renderDocumentPdf } from './document-pdf';
import { contentHash, documentText } from './document-template';
import type { Referral } from '../referral/referral.entity';
import { IssuedDocumentRecord } from './document.entity';
import { DocumentRepository } from './document.repository';
import { DocumentKind } from './models/document-kind.enum';
import { Document } from './models/document.model';
import { DocumentVerification } from './models/document-verification.model';

/** The order of Общие документы: the enum's. */
const KIND_ORDER = Object.values(DocumentKind);

const NOT_VERIFIED: DocumentVerification = {
  valid: false,
  kind: null,
  title: null,
  issuedAt: null,
  supersededAt: null,
};

/** R22: issues an application's documents, hands out their links, serves their PDFs and answers the public check. */
@Injectable()
export class DocumentService {
  private readonly links: DocumentLinkSigner;
  private readonly publicUrl: string;
  private readonly verifyUrl: string;

  constructor(
    private readonly documents: DocumentRepository,
    private readonly clock: Clock,
    private readonly portals: Portals,
    @Inject(SERVICE_CONFIG) config: QueueConfig,
  ) {
    this.links = new DocumentLinkSigner(config.DOCUMENTS_LINK_SECRET, config.DOCUMENTS_LINK_TTL_SECONDS);
    this.publicUrl = config.DOCUMENTS_PUBLIC_URL;
    this.verifyUrl = config.DOCUMENTS_VERIFY_URL ?? `${config.DOCUMENTS_PUBLIC_URL}/documents/verify/`;
  }

  /**
   * The four filing documents of an application, stating its data as the filing transaction `tx`
   * left it, issued at `at`. Called in that transaction; a repeated call issues nothing twice.
   */
  issueFilingDocuments(tx: EntityManager, applicationId: string, at: Date): Promise<IssuedDocumentRecord[]> {
    return issueFilingDocuments(this.documents, this.portals, tx, applicationId, at);
  }

  /**
   * The referral's document (R22), stating the kindergarten as `input.group` (GroupsApi.find) names
   * it now. Called in the transaction that issues the referral; a repeated call issues nothing twice.
   */
  issueReferralDocument(tx: EntityManager, input: ReferralDocumentInput, at: Date): Promise<IssuedDocumentRecord> {
    return issueReferralDocument(this.documents, tx, input, at);
  }

  /**
   * A new version of the referral's document with its new expiry (R14), superseding the current
   * one. Called in the extending transaction, which holds the referral's row lock; a repeated
   * call for the same expiry issues nothing.
   */
  reissueReferralDocument(
    tx: EntityManager,
    referral: Pick<Referral, 'id' | 'expiresAt'>,
    at: Date,
  ): Promise<IssuedDocumentRecord> {
    return reissueReferralDocument(this.documents, tx, referral, at);
  }

  /** The documents of these applications, as GraphQL shows them, in the order of Общие документы. */
  async documentsOf(applicationIds: string[]): Promise<Array<Document & { applicationId: string }>> {
    const rows = await this.documents.ofApplications(applicationIds);
    return rows
      .sort(
        (a, b) =>
          a.issuedAt.getTime() - b.issuedAt.getTime() || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
      )
      .map((r) => ({
        id: r.id,
        applicationId: r.applicationId,
        kind: r.kind,
        title: DOCUMENT_TITLES[r.kind].ru,
        titles: DOCUMENT_TITLES[r.kind],
        createdAt: r.issuedAt,
      }));
  }

  /**
   * A link to a document's PDF for `userId`, who may see its application (the caller checked),
   * valid DOCUMENTS_LINK_TTL_SECONDS: the gateway's `/documents/<token>.pdf?lang=`.
   */
  linkFor(documentId: string, userId: string, lang: PdfLanguage): string {
    return `${this.publicUrl}/documents/${this.links.sign({ documentId, userId }, this.clock.now())}.pdf?lang=${lang}`;
  }

  /**
   * The PDF a link's token grants. UNAUTHENTICATED for a bad or expired token; FORBIDDEN when the
   * request also carries another person's sign-in (`callerUserId`); NOT_FOUND for no such document.
   */
  async openPdf(
    token: string,
    lang: PdfLanguage,
    callerUserId: string | undefined,
  ): Promise<{ kind: DocumentKind; pdf: Buffer }> {
    const grant = this.links.verify(token, this.clock.now());
    if (callerUserId !== undefined && callerUserId !== grant.userId)
      throw new DomainError('FORBIDDEN', 'this document link was given to someone else');
    const doc = await this.documents.byId(grant.documentId);
    if (!doc) throw new DomainError('NOT_FOUND', 'no such document');
    const pdf = await renderDocumentPdf({
      text: documentText(doc.kind, doc.content, lang),
      lang,
      issuedAt: doc.issuedAt,
      verificationCode: doc.verificationCode,
      verificationUrl: `${this.verifyUrl}${doc.verificationCode}`,
    });
    return { kind: doc.kind, pdf };
  }

  /**
   * The public check of a printed code: which document, issued when, that its content is unchanged
   * and whether a newer version replaced it (an extended referral); no personal data.
   */
  async verify(codeInput: string): Promise<DocumentVerification> {
    const code = normalizeVerificationCode(codeInput);
    const doc = code ? await this.documents.byVerificationCode(code) : null;
    if (!doc || contentHash(doc.kind, doc.content) !== doc.contentSha256) return NOT_VERIFIED;
    return {
      valid: true,
      kind: doc.kind,
      title: DOCUMENT_TITLES[doc.kind],
      issuedAt: doc.issuedAt,
      supersededAt: doc.supersededAt,
    };
  }
}
