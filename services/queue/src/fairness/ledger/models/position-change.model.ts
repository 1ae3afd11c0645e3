import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PositionCause } from '../position-ledger.rules';

@ObjectType({
  description: 'A change of the queue number: `count` events of one kind at one instant moved it from → to',
})
export class PositionChange {
  @Field() at: Date;
  @Field(() => Int) from: number;
  @Field(() => Int) to: number;
  @Field(() => PositionCause, { description: 'The kind of event of the children ahead; never which child' })
  cause: PositionCause;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'The ledger of a queue number, oldest change first: the changes add up to its difference' })
export class PositionChangePage {
  @Field(() => [PositionChange]) items: PositionChange[];
  @Field(() => Int) totalCount: number;
  @Field(() => String, { nullable: true }) nextCursor: string | null;
  @Field(() => Int, { description: 'The number now: the last change’s `to`' }) current: number;
}
