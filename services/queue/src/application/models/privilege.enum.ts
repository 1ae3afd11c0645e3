import { registerEnumType } from '@nestjs/graphql';

/** R6. Без льготы / Первоочередной / Внеочередной. */
export enum Privilege {
  NONE = 'NONE',
  FIRST_PRIORITY = 'FIRST_PRIORITY',
  OUT_OF_TURN = 'OUT_OF_TURN',
}
registerEnumType(Privilege, { name: 'Privilege' });
