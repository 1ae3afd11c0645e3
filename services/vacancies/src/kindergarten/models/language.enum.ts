import { registerEnumType } from '@nestjs/graphql';

export enum Language {
  KK = 'KK',
  RU = 'RU',
  EN = 'EN',
  OTHER = 'OTHER',
}
registerEnumType(Language, { name: 'Language' });
