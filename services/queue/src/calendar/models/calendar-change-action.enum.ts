import { registerEnumType } from '@nestjs/graphql';

export enum CalendarChangeAction {
  LOAD_YEAR = 'LOAD_YEAR',
  SET_HOLIDAY = 'SET_HOLIDAY',
  SET_TRANSFER_DAY = 'SET_TRANSFER_DAY',
  REMOVE_DAY = 'REMOVE_DAY',
}
registerEnumType(CalendarChangeAction, { name: 'CalendarChangeAction' });
