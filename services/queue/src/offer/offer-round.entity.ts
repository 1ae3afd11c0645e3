import { Column, Entity, PrimaryColumn } from 'typeorm';
import { PortalPolicy } from '@kezek/policy';

/**
 * R10: seats published for a group year and the children they were offered to, with the policy
 * in force. Publications that arrive together are merged into one round (queue.seat_publication).
 */
@Entity('offer_round')
export class OfferRound {
  /** The first SeatsPublished event's id of the publications the round took. */
  @PrimaryColumn('text')
  id: string;

  @Column('text', { name: 'portal_id' })
  portalId: string;

  /** The queue areas the seats serve: the group's district and its region (a portal queues by one of them). */
  @Column('text', { name: 'area_ids', array: true })
  areaIds: string[];

  /** Where vacancies holds the round's seats: the group's district. */
  @Column('text', { name: 'hold_area_id' })
  holdAreaId: string;

  @Column('int', { name: 'group_year' })
  groupYear: number;

  /** The groups whose publications the round took. */
  @Column('uuid', { name: 'group_ids', array: true })
  groupIds: string[];

  @Column('int')
  seats: number;

  /** Seats vacancies held for the round's children; the others stayed free (free choice, R11). */
  @Column('int')
  held: number;

  @Column('timestamptz', { name: 'published_at' })
  publishedAt: Date;

  /** When the round closes (R11): the latest of its offers' window ends. */
  @Column('timestamptz', { name: 'window_ends_at' })
  windowEndsAt: Date;

  /**
   * With offerWindowFromDelivery, the latest an offer's window may end (a second window after the
   * one counted from sending); vacancies holds the seats until then. Null: windows count from sending.
   */
  @Column('timestamptz', { name: 'latest_window_ends_at', nullable: true })
  latestWindowEndsAt: Date | null;

  @Column('jsonb')
  policy: PortalPolicy;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  /** When vacancies confirmed the held seats free after the window (R11); the sweeper retries until then. */
  @Column('timestamptz', { name: 'seats_released_at', nullable: true })
  seatsReleasedAt: Date | null;
}
