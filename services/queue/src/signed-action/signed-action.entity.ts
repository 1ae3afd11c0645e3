import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A performed signed action and what it returned (an application or a referral). */
@Entity('signed_action')
export class SignedActionRecord {
  @PrimaryColumn('uuid', { name: 'request_id' })
  requestId: string;

  @Column('text')
  action: string;

  @Column('uuid', { name: 'actor_id' })
  actorId: string;

  @Column('uuid', { name: 'signature_id' })
  signatureId: string;

  @Column('uuid', { name: 'application_id', nullable: true })
  applicationId: string | null;

  @Column('uuid', { name: 'referral_id', nullable: true })
  referralId: string | null;

  @Column('timestamptz', { name: 'performed_at' })
  performedAt: Date;
}
