import { Field, Int, ObjectType } from '@nestjs/graphql';

/** A move of the manual clock, once every process has followed it and processed what fell due. */
@ObjectType()
export class ClockMove {
  @Field({ description: 'The new time' })
  now: Date;

  @Field(() => Int, {
    description: 'Processes (services, workers, the gateway) that moved and ran their deadline sweeps',
  })
  processes: number;
}
