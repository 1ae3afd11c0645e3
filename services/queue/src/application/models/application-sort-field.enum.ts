import { registerEnumType } from '@nestjs/graphql';

/** The journal's columns, to sort by. */
export enum ApplicationSortField {
  NUMBER = 'NUMBER',
  CHILD_NAME = 'CHILD_NAME',
  CHILD_IIN = 'CHILD_IIN',
  /** The queue order (R5): filing instant, then number; applications out of the queue keep their filing place. */
  QUEUE_NUMBER = 'QUEUE_NUMBER',
  APPLICANT_NAME = 'APPLICANT_NAME',
  CREATED_AT = 'CREATED_AT',
  STATUS = 'STATUS',
  PRIVILEGE = 'PRIVILEGE',
  BIRTH_DATE = 'BIRTH_DATE',
  GROUP_YEAR = 'GROUP_YEAR',
}
registerEnumType(ApplicationSortField, {
  name: 'ApplicationSortField',
  valuesMap: {
    QUEUE_NUMBER: {
      description:
        'The queue order (R5): filing instant, then number; applications out of the queue at their filing place',
    },
  },
});
