import { defineApi } from '@kezek/subgraph';
import { identityData } from './data-source';
import { UserModule } from './user/user.resolver';

export const AppModule = defineApi({ name: 'identity', data: identityData, imports: [UserModule] });
