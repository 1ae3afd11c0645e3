import { registerEnumType } from '@nestjs/graphql';

export enum ImportRowStatus {
  IMPORTED = 'IMPORTED',
  REFUSED = 'REFUSED',
  /** Valid, but not imported because another row refused an all-or-nothing file. */
  NOT_IMPORTED = 'NOT_IMPORTED',
}
registerEnumType(ImportRowStatus, { name: 'ImportRowStatus' });
