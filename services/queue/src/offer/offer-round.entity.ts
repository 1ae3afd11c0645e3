import { Column, Entity, PrimaryColumn } from 'typeorm';
import { PortalPolicy } from '@kezek/policy';

/** R10: one publication of seats and the children it offered them to, with the policy in force. */
@Entity('offer_round')
export class OfferRound {
  /** The SeatsPublished event's id: a redelivered event finds its round. */
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

  /** The group whose publication opened the round. */
  @Column('uuid', { name: 'group_id' })
  groupId: string;

  @Column('int')
  seats: number;

  /** Seats vacancies held for the round's children; the others stayed free (free choice, R11). */
  @Column('int')
  held: number;

  @Column('timestamptz', { name: 'published_at' })
  publishedAt: Date;

  @Column('timestamptz', { name: 'window_ends_at' })
  windowEndsAt: Date;

  @Column('jsonb')
  policy: PortalPolicy;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  /** When vacancies confirmed the held seats free after the window (R11); the sweeper retries until then. */
  @Column('timestamptz', { name: 'seats_released_at', nullable: true })
  seatsReleasedAt: Date | null;
}
