import { registerEnumType } from '@nestjs/graphql';

/** libs/calendar's `HolidayKind` in GraphQL's case; values are the library's in lower case. */
export enum HolidayKind {
  NATIONAL = 'national',
  STATE = 'state',
  RELIGIOUS = 'religious',
}
registerEnumType(HolidayKind, {
  name: 'HolidayKind',
  valuesMap: {
    RELIGIOUS: { description: 'Orthodox Christmas, the first day of Kurban Ait: never moved off a weekend' },
  },
});
