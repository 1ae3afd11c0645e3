import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { LocalDate } from '@kezek/subgraph';
import { ApplicationStatus } from './application-status.enum';
import { Privilege } from './privilege.enum';

/** Every column of the journal (Журнал заявлений) can filter; all given conditions must hold. */
@InputType()
export class ApplicationFilter {
  @Field({ nullable: true, description: 'The number or its beginning, e.g. УО.2025.0001' })
  number?: string;

  @Field({ nullable: true, description: 'Part of the child’s name, any case' })
  childName?: string;

  @Field({ nullable: true })
  childIin?: string;

  @Field(() => Int, { nullable: true, description: 'Exact queue number; needs queueAreaId and groupYear' })
  queueNumber?: number;

  @Field(() => Int, { nullable: true, description: 'Queue numbers from (inclusive); needs queueAreaId and groupYear' })
  queueNumberFrom?: number;

  @Field(() => Int, { nullable: true, description: 'Queue numbers to (inclusive); needs queueAreaId and groupYear' })
  queueNumberTo?: number;

  @Field({ nullable: true, description: 'Part of the applicant’s name, any case' })
  applicantName?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Filed on or after this day (Asia/Almaty)' })
  createdFrom?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Filed on or before this day (Asia/Almaty)' })
  createdTo?: string;

  @Field(() => ApplicationStatus, { nullable: true })
  status?: ApplicationStatus;

  @Field(() => [ApplicationStatus], { nullable: true, description: 'Any of these statuses' })
  statuses?: ApplicationStatus[];

  @Field(() => Privilege, { nullable: true })
  privilege?: Privilege;

  @Field(() => LocalDate, { nullable: true, description: 'The child’s birth date' })
  birthDate?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Born on or after this day' })
  birthDateFrom?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Born on or before this day' })
  birthDateTo?: string;

  @Field(() => Int, { nullable: true })
  groupYear?: number;

  @Field(() => ID, { nullable: true })
  queueAreaId?: string;
}
