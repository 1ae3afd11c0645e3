import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Language } from '@kezek/subgraph';
import { UserRef } from '../federation/models/user-ref.model';
import { ApplicationStatus } from './models/application-status.enum';
import { Child } from './models/child.model';
import { Privilege } from './models/privilege.enum';
import { PrivilegeDocument } from './models/privilege-document.model';

@ObjectType()
@Directive('@key(fields: "id")')
@Entity('application')
export class Application {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: "e.g. УО.2018.000027.1: year of filing, the portal's sequence, version" })
  @Column('text')
  number: string;

  @Column('int', { name: 'number_version' })
  numberVersion: number;

  @Field(() => ID, { description: 'The portal the application was filed through; its numbers are its own' })
  @Column('text', { name: 'portal_id' })
  portalId: string;

  @Column('char', { name: 'child_iin', length: 12 })
  childIin: string;

  @Column('text', { name: 'child_full_name' })
  childFullName: string;

  @Column('date', { name: 'child_birth_date' })
  childBirthDate: string;

  @Field(() => Child)
  get child(): Child {
    return { fullName: this.childFullName, iin: this.childIin, birthDate: this.childBirthDate };
  }

  /** Who filed it. */
  @Column('uuid', { name: 'applicant_id' })
  applicantId: string;

  @Field({ description: 'ФИО заявителя, from the certificate at filing' })
  @Column('text', { name: 'applicant_full_name' })
  applicantFullName: string;

  /** R9: who sees and acts on it: the filer and every parent who attached it. */
  @Column('uuid', { name: 'applicant_ids', array: true })
  applicantIds: string[];

  @Field(() => UserRef)
  get applicant(): UserRef {
    return { id: this.applicantId };
  }

  @Field(() => Privilege)
  @Column('text')
  privilege: Privilege;

  @Column('text', { name: 'privilege_document_kind', nullable: true })
  privilegeDocumentKind: string | null;

  @Column('text', { name: 'privilege_document_number', nullable: true })
  privilegeDocumentNumber: string | null;

  @Column('date', { name: 'privilege_document_issued_on', nullable: true })
  privilegeDocumentIssuedOn: string | null;

  @Column('text', { name: 'privilege_document_issuer', nullable: true })
  privilegeDocumentIssuer: string | null;

  @Field(() => PrivilegeDocument, { nullable: true, description: 'The document a privilege was claimed with' })
  get privilegeDocument(): PrivilegeDocument | null {
    if (!this.privilegeDocumentKind) return null;
    return {
      kind: this.privilegeDocumentKind,
      number: this.privilegeDocumentNumber!,
      issuedOn: this.privilegeDocumentIssuedOn!,
      issuer: this.privilegeDocumentIssuer!,
    };
  }

  @Field(() => Language, { nullable: true, description: 'Language of instruction asked for' })
  @Column('text', { nullable: true })
  language: Language | null;

  @Field(() => ApplicationStatus)
  @Column('text')
  status: ApplicationStatus;

  @Field(() => Int, { description: 'The birth-year group the child is queued for' })
  @Column('int', { name: 'group_year' })
  groupYear: number;

  @Field(() => ID)
  @Column('text', { name: 'region_id' })
  regionId: string;

  @Field(() => ID, { description: 'The queue area (R4): the region or one of its districts' })
  @Column('text', { name: 'queue_area_id' })
  queueAreaId: string;

  @Field({ description: 'Filing instant: the order of the queue (R5)' })
  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Field()
  @Column('timestamptz', { name: 'in_queue_since' })
  inQueueSince: Date;

  @Field()
  @Column('timestamptz', { name: 'last_changed_at' })
  lastChangedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'on_stop_list_until', nullable: true })
  onStopListUntil: Date | null;

  @Field(() => Int)
  @Column('int', { name: 'missed_referrals', default: 0 })
  missedReferrals: number;
}
