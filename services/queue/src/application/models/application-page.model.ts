import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Application } from '../application.entity';

@ObjectType()
export class ApplicationPage {
  @Field(() => [Application]) items: Application[];
  @Field(() => Int) totalCount: number;
  @Field(() => String, { nullable: true }) nextCursor: string | null;
}
