import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DocumentContent } from './document-template';
import { DocumentKind } from './models/document-kind.enum';

/** An issued document of an application or one of its referrals (R22): the row behind GraphQL's Document. */
@Entity('issued_document')
export class IssuedDocumentRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'application_id' })
  applicationId: string;

  @Column('text')
  kind: DocumentKind;

  @Column('timestamptz', { name: 'issued_at' })
  issuedAt: Date;

  @Column('text', { name: 'verification_code', unique: true })
  verificationCode: string;

  @Column('jsonb')
  content: DocumentContent;

  @Column('char', { name: 'content_sha256', length: 64 })
  contentSha256: string;

  /** The referral a REFERRAL document states (null for the filing documents). */
  @Column('uuid', { name: 'referral_id', nullable: true })
  referralId: string | null;

  /** When a newer version replaced it (a referral extended, R14): still verifiable, no longer listed. */
  @Column('timestamptz', { name: 'superseded_at', nullable: true })
  supersededAt: Date | null;
}
