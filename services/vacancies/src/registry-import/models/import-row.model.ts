import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ImportRowStatus } from './import-row-status.enum';

@ObjectType()
export class ImportRow {
  @Field(() => Int, { description: 'Line in the file; the header is line 1' }) row: number;
  @Field(() => ImportRowStatus) status: ImportRowStatus;
  @Field() nameRu: string;
  @Field(() => ID, { nullable: true }) kindergartenId?: string;
  @Field(() => [String]) reasons: string[];
}
