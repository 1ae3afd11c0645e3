import { Directive, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDate } from '@kezek/subgraph';
import { GroupRef, UserRef } from '../federation/stubs';

/** R6. Без льготы / Первоочередной / Внеочередной. */
export enum Privilege {
  NONE = 'NONE',
  FIRST_PRIORITY = 'FIRST_PRIORITY',
  OUT_OF_TURN = 'OUT_OF_TURN',
}
registerEnumType(Privilege, { name: 'Privilege' });

export enum ApplicationStatus {
  IN_QUEUE = 'IN_QUEUE',
  NOTIFIED = 'NOTIFIED',
  REFERRAL_ISSUED = 'REFERRAL_ISSUED',
  ENROLLED = 'ENROLLED',
  WITHDRAWN = 'WITHDRAWN',
  REMOVED = 'REMOVED',
}
registerEnumType(ApplicationStatus, { name: 'ApplicationStatus' });

/** Statuses that hold a place in the queue (R5), and so may still be withdrawn (R20); the rest are out of it. */
export const IN_QUEUE_STATUSES = [ApplicationStatus.IN_QUEUE, ApplicationStatus.NOTIFIED];

export enum ReferralStatus {
  ISSUED = 'ISSUED',
  ENROLLED = 'ENROLLED',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ReferralStatus, { name: 'ReferralStatus' });

@ObjectType()
export class Child {
  @Field() fullName: string;
  @Field() iin: string;
  @Field(() => LocalDate) birthDate: string;
}

@ObjectType()
@Directive('@key(fields: "id")')
@Entity('application')
export class Application {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'e.g. УО.2018.000027.1' })
  @Column('text', { unique: true })
  number: string;

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

  @Column('uuid', { name: 'applicant_id' })
  applicantId: string;

  @Field(() => UserRef)
  get applicant(): UserRef {
    return { id: this.applicantId };
  }

  @Field(() => Privilege)
  @Column('text')
  privilege: Privilege;

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
