import { Column, Entity, PrimaryColumn } from 'typeorm';

/** R15: a kindergarten of a revoked referral's offer, closed to the child until that offer's window ends. */
@Entity('kindergarten_block')
export class KindergartenBlock {
  @PrimaryColumn('uuid', { name: 'application_id' })
  applicationId: string;

  @PrimaryColumn('uuid', { name: 'referral_id' })
  referralId: string;

  @PrimaryColumn('uuid', { name: 'kindergarten_id' })
  kindergartenId: string;

  @Column('timestamptz')
  until: Date;
}
