import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { UserRef } from '../federation/models/user-ref.model';
import { ApplicationStatus } from './models/application-status.enum';
import { Child } from './models/child.model';
import { Privilege } from './models/privilege.enum';

@ObjectType()
@Directive('@key(fields: "id")')
@Entity('application')
export class Application {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'e.g. УО.2018.000027.1' })
  @Column('text', { unique: true })
  number: string;

  @Column('char', { name: 'child_iin', length: 12 })
  childIin: string;

  @Column('text', { name: 'child_full_name' })
  childFullName: string;

  @Column('date', { name: 'child_birth_date' })
  childBirthDate: string;

  @Field(() => Child)
  get child(): Child {
    return { fullName: this.childFullName, iin: this.childIin, birthDate: this.childBirthDate };
  }

  @Column('uuid', { name: 'applicant_id' })
  applicantId: string;

  @Field(() => UserRef)
  get applicant(): UserRef {
    return { id: this.applicantId };
  }

  @Field(() => Privilege)
  @Column('text')
  privilege: Privilege;

  @Field(() => ApplicationStatus)
  @Column('text')
  status: ApplicationStatus;

  @Field(() => Int, { description: 'The birth-year group the child is queued for' })
  @Column('int', { name: 'group_year' })
  groupYear: number;

  @Field(() => ID)
  @Column('text', { name: 'region_id' })
  regionId: string;

  @Field(() => ID, { description: 'The queue area (R4): the region or one of its districts' })
  @Column('text', { name: 'queue_area_id' })
  queueAreaId: string;

  @Field({ description: 'Filing instant: the order of the queue (R5)' })
  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Field()
  @Column('timestamptz', { name: 'in_queue_since' })
  inQueueSince: Date;

  @Field()
  @Column('timestamptz', { name: 'last_changed_at' })
  lastChangedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'on_stop_list_until', nullable: true })
  onStopListUntil: Date | null;

  @Field(() => Int)
  @Column('int', { name: 'missed_referrals', default: 0 })
  missedReferrals: number;
}
