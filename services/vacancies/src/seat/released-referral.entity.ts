import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ReferralReleaseReason } from './seat-lifecycle';

/** A referral that lost its seat: it never claims again, and a late call is told why. */
@Entity('released_referral')
export class ReleasedReferral {
  @PrimaryColumn('text', { name: 'referral_id' })
  referralId: string;

  @Column('uuid', { name: 'seat_id' })
  seatId: string;

  @Column('timestamptz', { name: 'released_at' })
  releasedAt: Date;

  @Column('text')
  reason: ReferralReleaseReason;
}
