import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Channel } from './models/channel.enum';
import { DeliveryStatus } from './models/delivery-status.enum';
import { NoticeLanguage } from './models/notice-kind';

/**
 * One notice to one person on one channel. Its idempotency key (event, person, channel) is
 * recorded before any provider is called, so a redelivered event or a retried job sends at most
 * once; `inFlight` marks a send whose outcome is not recorded yet (reconciled after a crash).
 */
@ObjectType()
@Directive('@key(fields: "id")')
@Entity('notification')
export class Notification {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Field(() => Channel)
  @Column('text')
  channel: Channel;

  @Field({ description: 'What happened, e.g. TURN_CAME, REFERRAL_ISSUED' })
  @Column('text')
  kind: string;

  @Field()
  @Column('text')
  title: string;

  @Field()
  @Column('text')
  body: string;

  @Field()
  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Field(() => DeliveryStatus)
  @Column('text')
  status: DeliveryStatus;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;

  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey: string | null;

  /** What caused it: the queue event's id, or `reminder:<referral>:<expiry>`; one notice per source, person and channel. */
  @Column('text', { nullable: true })
  source: string | null;

  @Field(() => ID, { nullable: true, description: 'The application the notice is about' })
  @Column('uuid', { name: 'application_id', nullable: true })
  applicationId: string | null;

  @Field(() => ID, { nullable: true })
  @Column('uuid', { name: 'referral_id', nullable: true })
  referralId: string | null;

  @Field(() => ID, { nullable: true })
  @Column('uuid', { name: 'offer_id', nullable: true })
  offerId: string | null;

  @Column('text', { name: 'region_id', nullable: true })
  regionId: string | null;

  @Column('text', { nullable: true })
  language: NoticeLanguage | null;

  /** The e-mail or phone number it goes to (never logged). */
  @Column('text', { nullable: true })
  address: string | null;

  @Field(() => Date, { nullable: true, description: 'An SMS at night waits for the morning (Almaty time)' })
  @Column('timestamptz', { name: 'not_before', nullable: true })
  notBefore: Date | null;

  @Field(() => Int, { description: 'Sends tried so far' })
  @Column('int', { default: 0 })
  attempts: number;

  @Column('boolean', { name: 'in_flight', default: false })
  inFlight: boolean;

  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the provider accepted it (SMTP, SMS provider)' })
  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the provider reported it delivered, where it reports that' })
  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'failed_at', nullable: true })
  failedAt: Date | null;

  @Field(() => String, { nullable: true, description: "The last send's error (no address, the provider's refusal…)" })
  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('text', { name: 'provider_message_id', nullable: true })
  providerMessageId: string | null;
}
