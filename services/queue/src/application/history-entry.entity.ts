import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ApplicationStatus } from './models/application-status.enum';

/** R21: every change of an application, append-only (the table refuses UPDATE and DELETE). */
@ObjectType()
@Entity('application_history')
export class HistoryEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'application_id' })
  applicationId: string;

  @Field()
  @Column('timestamptz')
  at: Date;

  @Field()
  @Column('text')
  action: string;

  @Field(() => ApplicationStatus, { nullable: true })
  @Column('text', { name: 'from_status', nullable: true })
  fromStatus: ApplicationStatus | null;

  @Field(() => ApplicationStatus, { nullable: true })
  @Column('text', { name: 'to_status', nullable: true })
  toStatus: ApplicationStatus | null;

  @Field({ description: 'Who: a user id, or "system" for the rules' })
  @Column('text')
  actor: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  reason: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The signature evidence (kept by identity) when the change was signed',
  })
  @Column('uuid', { name: 'signature_id', nullable: true })
  signatureId: string | null;
}
