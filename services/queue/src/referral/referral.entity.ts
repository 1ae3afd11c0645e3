import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDate } from '@kezek/subgraph';
import { GroupRef } from '../federation/models/group-ref.model';
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
