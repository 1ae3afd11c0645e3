import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDate } from '@kezek/subgraph';
import { GroupRef } from '../federation/models/group-ref.model';
import { Privilege } from '../application/models/privilege.enum';
import { ReferralStatus } from './models/referral-status.enum';

@ObjectType()
@Directive('@key(fields: "id")')
@Entity('referral')
export class Referral {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text', { unique: true })
  number: string;

  @Column('uuid', { name: 'application_id' })
  applicationId: string;

  @Column('uuid', { name: 'group_id' })
  groupId: string;

  /** The kindergarten of the group at issue: R15 blocks it, staff of it enrol (R19). */
  @Column('uuid', { name: 'kindergarten_id', nullable: true })
  kindergartenId: string | null;

  /** The offer the child chose from; null for a free choice (R11). */
  @Column('uuid', { name: 'offer_id', nullable: true })
  offerId: string | null;

  /** R18: privilege documents must be dated at most the policy's calendar days before this. */
  @Column('timestamptz', { name: 'requested_at' })
  requestedAt: Date;

  /** The privilege the referral was issued under (R18: staff confirm its documents). */
  @Column('text', { nullable: true })
  privilege: Privilege | null;

  /** R14: an extension ends at most the policy's calendar days after this. */
  @Column('timestamptz', { name: 'original_expires_at' })
  originalExpiresAt: Date;

  @Column('int', { default: 0 })
  extensions: number;

  /** When vacancies confirmed the claim on the seat (the worker commits it after the referral commits). */
  @Column('timestamptz', { name: 'claim_committed_at', nullable: true })
  claimCommittedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the referral stopped being valid (enrolled, revoked, expired)',
  })
  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why it closed: the revocation reason, or EXPIRED_UNUSED / PRIVILEGE_REFUSED / REMOVED_FROM_QUEUE',
  })
  @Column('text', { name: 'close_reason', nullable: true })
  closeReason: string | null;

  @Field(() => GroupRef)
  get group(): GroupRef {
    return { id: this.groupId };
  }

  @Field()
  @Column('timestamptz', { name: 'issued_at' })
  issuedAt: Date;

  @Field({
    description:
      'Until when the referral is valid: the referral validity of the portal policy after issuedAt (R13), or the extension date (R14)',
  })
  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Field(() => ReferralStatus)
  @Column('text')
  status: ReferralStatus;

  @Field(() => LocalDate, { nullable: true })
  @Column('date', { name: 'extended_until', nullable: true })
  extendedUntil: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'extension_reason', nullable: true })
  extensionReason: string | null;

  @Field({
    description:
      'Until when the applicant may revoke the referral: the revocation window of the portal policy after issuedAt (R15)',
  })
  @Column('timestamptz', { name: 'revocable_until' })
  revocableUntil: Date;
}
