import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';
import { IssuedDocumentRecord } from './document.entity';

/** What the filing documents state, as the application's row has it. */
export interface ApplicationFacts {
  number: string;
  createdAt: Date;
  childFullName: string;
  childIin: string;
  childBirthDate: string;
  groupYear: number;
  queueAreaId: string;
  privilege: Privilege;
  status: ApplicationStatus;
  /** Columns an application may not have yet: read from the row as JSON, null when absent. */
  applicantFullName: string | null;
  language: string | null;
}

/** A document to issue: a current version, of a referral when `referralId` is given. */
export type NewDocument = Omit<IssuedDocumentRecord, 'id' | 'referralId' | 'supersededAt'> & { referralId?: string };

@Injectable()
export class DocumentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The application's facts, its row locked against a concurrent change while its documents are issued. */
  async applicationFacts(tx: EntityManager, applicationId: string): Promise<ApplicationFacts | null> {
    const rows: Array<{
      number: string;
      created_at: Date;
      child_full_name: string;
      child_iin: string;
      child_birth_date: string;
      group_year: number;
      queue_area_id: string;
      privilege: Privilege;
      status: ApplicationStatus;
      applicant_full_name: string | null;
      language: string | null;
    }> = await tx.query(
      `SELECT a.number, a.created_at, a.child_full_name, a.child_iin, to_char(a.child_birth_date, 'YYYY-MM-DD') AS child_birth_date,
              a.group_year, a.queue_area_id, a.privilege, a.status,
              to_jsonb(a) ->> 'applicant_full_name' AS applicant_full_name, to_jsonb(a) ->> 'language' AS language
       FROM queue.application a WHERE a.id = $1 FOR SHARE`,
      [applicationId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      number: r.number,
      createdAt: r.created_at,
      childFullName: r.child_full_name,
      childIin: r.child_iin,
      childBirthDate: r.child_birth_date,
      groupYear: r.group_year,
      queueAreaId: r.queue_area_id,
      privilege: r.privilege,
      status: r.status,
      applicantFullName: r.applicant_full_name,
      language: r.language,
    };
  }

  /** Inserts the documents not issued yet (a repeated call issues nothing twice); returns those inserted. */
  async insertMissing(tx: EntityManager, documents: NewDocument[]): Promise<IssuedDocumentRecord[]> {
    const result = await tx
      .createQueryBuilder()
      .insert()
      .into(IssuedDocumentRecord)
      .values(documents)
      .orIgnore()
      .returning('*')
      .execute();
    return (result.raw as Array<Record<string, unknown>>).map((r) => this.fromRow(tx, r));
  }

  /** A referral's current document (none superseded it), its row locked until the transaction ends. */
  async lockCurrentReferralDocument(tx: EntityManager, referralId: string): Promise<IssuedDocumentRecord | null> {
    const [row] = await tx.query(
      `SELECT * FROM queue.issued_document WHERE referral_id = $1 AND superseded_at IS NULL FOR UPDATE`,
      [referralId],
    );
    return row ? this.fromRow(tx, row) : null;
  }

  /** Marks a document as replaced by a newer version at `at`. */
  async supersede(tx: EntityManager, id: string, at: Date): Promise<void> {
    await tx.query(`UPDATE queue.issued_document SET superseded_at = $2 WHERE id = $1`, [id, at]);
  }

  private fromRow(tx: EntityManager, r: Record<string, unknown>): IssuedDocumentRecord {
    return tx.create(IssuedDocumentRecord, {
      id: r.id as string,
      applicationId: r.application_id as string,
      kind: r.kind as IssuedDocumentRecord['kind'],
      issuedAt: r.issued_at as Date,
      verificationCode: r.verification_code as string,
      content: r.content as IssuedDocumentRecord['content'],
      contentSha256: r.content_sha256 as string,
      referralId: r.referral_id as string | null,
      supersededAt: r.superseded_at as Date | null,
    });
  }

  /**
   * The current documents of these applications and their referrals, oldest first (the service
   * orders a moment's documents by kind); superseded versions are left out.
   */
  ofApplications(applicationIds: string[]): Promise<IssuedDocumentRecord[]> {
    return this.db.getRepository(IssuedDocumentRecord).find({
      where: { applicationId: In(applicationIds), supersededAt: IsNull() },
      order: { issuedAt: 'ASC' },
    });
  }

  byId(id: string): Promise<IssuedDocumentRecord | null> {
    return this.db.getRepository(IssuedDocumentRecord).findOneBy({ id });
  }

  byVerificationCode(code: string): Promise<IssuedDocumentRecord | null> {
    return this.db.getRepository(IssuedDocumentRecord).findOneBy({ verificationCode: code });
  }
}
