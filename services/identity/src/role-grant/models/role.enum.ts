import { registerEnumType } from '@nestjs/graphql';
import { Role } from '@kezek/auth';

// Role is @kezek/auth's (tokens carry it); the graph's types import it from here, so it is registered before use.
registerEnumType(Role, { name: 'Role' });

export { Role };
