import { Column, Entity, PrimaryColumn } from 'typeorm';

/** R13: "the referral expires tomorrow", due at `dueAt` for the referral's expiry `expiresAt`; an extension adds another. */
@Entity('referral_reminder')
export class ReferralReminder {
  @PrimaryColumn('uuid', { name: 'referral_id' })
  referralId: string;

  @PrimaryColumn('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('uuid', { name: 'application_id' })
  applicationId: string;

  @Column('timestamptz', { name: 'due_at' })
  dueAt: Date;

  @Column('timestamptz', { name: 'done_at', nullable: true })
  doneAt: Date | null;
}
