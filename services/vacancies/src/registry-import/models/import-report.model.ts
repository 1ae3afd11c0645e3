import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ImportRow } from './import-row.model';

@ObjectType()
export class ImportReport {
  @Field() allOrNothing: boolean;
  @Field(() => Int) imported: number;
  @Field(() => Int) refused: number;
  @Field(() => [ImportRow]) rows: ImportRow[];
}
