import { registerEnumType } from '@nestjs/graphql';

/** What a decree makes of a day (R2). */
export enum TransferKind {
  DAY_OFF = 'DAY_OFF',
  WORKING_DAY = 'WORKING_DAY',
}
registerEnumType(TransferKind, {
  name: 'TransferKind',
  valuesMap: {
    DAY_OFF: { description: 'A weekday made a day off' },
    WORKING_DAY: { description: 'A Saturday or Sunday made a working day' },
  },
});
