import { Field, InputType } from '@nestjs/graphql';
import { ApplicationSortField } from './application-sort-field.enum';
import { SortDirection } from './sort-direction.enum';

@InputType({ description: 'A journal column to sort by; ties are broken by id, so pages are stable' })
export class ApplicationOrder {
  @Field(() => ApplicationSortField)
  field: ApplicationSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction: SortDirection;
}
