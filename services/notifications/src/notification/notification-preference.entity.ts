import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NoticeLanguage } from './models/notice-kind';

/** A person's channels and language; without a row every channel is on. */
@ObjectType('NotificationPreferences')
@Entity('notification_preference')
export class NotificationPreference {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @Field(() => String, {
    nullable: true,
    description: "KK, RU or EN; unset: the application's language of instruction, else KK",
  })
  @Column('text', { nullable: true })
  language: NoticeLanguage | null;

  @Field()
  @Column('boolean', { default: true })
  email: boolean;

  @Field()
  @Column('boolean', { default: true })
  sms: boolean;

  @Field()
  @Column('boolean', { name: 'in_app', default: true })
  inApp: boolean;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
