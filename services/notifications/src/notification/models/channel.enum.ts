import { registerEnumType } from '@nestjs/graphql';

export enum Channel {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
  IN_APP = 'IN_APP',
}
registerEnumType(Channel, { name: 'Channel' });
