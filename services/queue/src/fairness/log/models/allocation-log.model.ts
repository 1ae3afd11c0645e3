import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LogEntryKind } from '@kezek/fairness';

registerEnumType(LogEntryKind, { name: 'AllocationLogEntryKind' });

@ObjectType({ description: 'An entry of a portal’s public allocation log (README "Fairness": how to verify it)' })
export class AllocationLogEntry {
  @Field(() => Int) seq: number;
  @Field({ description: 'ISO instant, as hashed' }) at: string;
  @Field(() => LogEntryKind) kind: LogEntryKind;
  @Field({ description: 'The entry’s body as JSON; hashed in canonical form (keys sorted)' }) body: string;
  @Field() prevHash: string;
  @Field() hash: string;
}

@ObjectType({ description: 'A portal’s chain at the end of an Almaty day, signed (Ed25519) by the queue service' })
export class AllocationLogDayHead {
  @Field({ description: 'YYYY-MM-DD, Almaty' }) day: string;
  @Field(() => Int) seq: number;
  @Field() hash: string;
  @Field({ description: 'base64url Ed25519 signature of the canonical JSON {day, hash, portalId, seq}' })
  signature: string;
  @Field({ description: 'The signing key (PEM, SPKI)' }) publicKey: string;
  @Field() signedAt: Date;
}
