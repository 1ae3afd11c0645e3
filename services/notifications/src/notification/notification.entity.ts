import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Channel } from './models/channel.enum';
import { DeliveryStatus } from './models/delivery-status.enum';

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
}
