import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OfferStatus } from './models/offer-status.enum';

/** R10: a child's turn in a round: choose a kindergarten until `expiresAt` (Направлено уведомление). */
@ObjectType({ description: 'The turn came: kindergartens the child may choose until expiresAt (R10)' })
@Entity('offer')
export class Offer {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { name: 'round_id' })
  roundId: string;

  @Column('uuid', { name: 'application_id' })
  applicationId: string;

  /** The child's place in the round's allocation order (R7), from 1. */
  @Column('int')
  place: number;

  @Field()
  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  // Counted from the offer, or from reachedAt where the portal's policy says so (offerWindowFromDelivery).
  @Field({ description: 'End of the choice window: the offer window of the portal policy in working days (R10)' })
  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  /** When a notice of the offer first reached the parent by e-mail or SMS (notifications' OfferNoticeReached). */
  @Field(() => Date, {
    nullable: true,
    description: 'When a notice of this offer first reached the parent by e-mail or SMS; null until then',
  })
  @Column('timestamptz', { name: 'reached_at', nullable: true })
  reachedAt: Date | null;

  @Column('text')
  status: OfferStatus;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;
}
