import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ImportRowStatus {
  IMPORTED = 'IMPORTED',
  REFUSED = 'REFUSED',
  /** Valid, but not imported because another row refused an all-or-nothing file. */
  NOT_IMPORTED = 'NOT_IMPORTED',
}
registerEnumType(ImportRowStatus, { name: 'ImportRowStatus' });

@ObjectType()
export class ImportRow {
  @Field(() => Int, { description: 'Line in the file; the header is line 1' }) row: number;
  @Field(() => ImportRowStatus) status: ImportRowStatus;
  @Field() nameRu: string;
  @Field(() => ID, { nullable: true }) kindergartenId?: string;
  @Field(() => [String]) reasons: string[];
}

@ObjectType()
export class ImportReport {
  @Field() allOrNothing: boolean;
  @Field(() => Int) imported: number;
  @Field(() => Int) refused: number;
  @Field(() => [ImportRow]) rows: ImportRow[];
}
