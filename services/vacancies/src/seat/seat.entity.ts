import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SeatStatus } from './seat-lifecycle';

/** One published seat of a group; its lifecycle is guarded by the table's CHECK and triggers. */
@Entity('seat')
export class Seat {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'group_id' })
  groupId: string;

  @Column('text')
  status: SeatStatus;

  @Column('timestamptz', { name: 'published_at' })
  publishedAt: Date;

  @Column('text', { name: 'offer_round_id', nullable: true })
  offerRoundId: string | null;

  @Column('timestamptz', { name: 'held_until', nullable: true })
  heldUntil: Date | null;

  @Column('text', { name: 'referral_id', nullable: true })
  referralId: string | null;

  @Column('timestamptz', { name: 'claimed_at', nullable: true })
  claimedAt: Date | null;

  /** Set while a claim is pending (CLAIMED, not yet committed): past it the reconciler frees the seat. */
  @Column('timestamptz', { name: 'pending_until', nullable: true })
  pendingUntil: Date | null;

  @Column('timestamptz', { name: 'enrolled_at', nullable: true })
  enrolledAt: Date | null;

  /**
   * Set on a published seat until its offer round holds it or has seen its publication, at most
   * until this instant (ROUND_GRACE_SECONDS): until then it is nobody's free choice (R10, R11).
   */
  @Column('timestamptz', { name: 'awaiting_round_until', nullable: true })
  awaitingRoundUntil: Date | null;
}
