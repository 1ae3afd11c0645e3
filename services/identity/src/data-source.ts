import { DataSourceDefinition } from '@kezek/subgraph';
import { User } from './user/user.entity';
import { Users1767000000000 } from './migrations/1767000000000-users';

export const identityData: DataSourceDefinition = {
  schema: 'identity',
  entities: [User],
  migrations: [Users1767000000000],
};
