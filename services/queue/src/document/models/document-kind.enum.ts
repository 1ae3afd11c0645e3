import { registerEnumType } from '@nestjs/graphql';

/** R22: the documents of an application (Общие документы). */
export enum DocumentKind {
  REGISTRATION_NOTICE = 'REGISTRATION_NOTICE',
  DOCUMENTS_RECEIPT = 'DOCUMENTS_RECEIPT',
  BOOK_REGISTRATION = 'BOOK_REGISTRATION',
  CHILD_CARD = 'CHILD_CARD',
  REFERRAL = 'REFERRAL',
}
registerEnumType(DocumentKind, { name: 'DocumentKind' });
