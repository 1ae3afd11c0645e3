import { Field, ObjectType } from '@nestjs/graphql';

/** The graph's time, as every service and worker reads it. */
@ObjectType()
export class ClockState {
  @Field({ description: 'Now, on the clock every service and worker uses' })
  now: Date;

  @Field({
    description: 'true on a development or test stand running the manual clock (CLOCK=manual): an ADMIN moves it',
  })
  manual: boolean;
}
