import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApplicationStatus } from '../../application/models/application-status.enum';

@ObjectType({
  description:
    'The public "queue number" answer (no sign-in): an application\'s status and positions, nothing that names a person',
})
export class PublicQueuePosition {
  @Field(() => ApplicationStatus)
  status: ApplicationStatus;

  @Field(() => Int, { description: 'The birth-year group the child is queued for' })
  groupYear: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Position in the queue of its area and group year (R6); null once out of the queue',
  })
  queueNumber: number | null;

  @Field(() => Int, { nullable: true, description: 'Position within its privilege category; 0 without a privilege' })
  privilegedQueueNumber: number | null;
}
