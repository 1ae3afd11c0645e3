import { registerEnumType } from '@nestjs/graphql';

/** The languages a document's PDF is rendered in (R22: kk and ru). */
export enum DocumentLanguage {
  KK = 'KK',
  RU = 'RU',
}
registerEnumType(DocumentLanguage, { name: 'DocumentLanguage' });
