import { registerEnumType } from '@nestjs/graphql';

/** Language of instruction: a group's (vacancies) and the one a parent asks for when filing (queue). */
export enum Language {
  KK = 'KK',
  RU = 'RU',
  EN = 'EN',
  OTHER = 'OTHER',
}
registerEnumType(Language, { name: 'Language' });
