import { Field, ID, InputType } from '@nestjs/graphql';
import { GeoPointInput } from './geo-point.input';
import { Language } from '@kezek/subgraph';

@InputType({ description: 'Fields to change; the region of a kindergarten does not change' })
export class KindergartenPatchInput {
  @Field({ nullable: true }) nameKk?: string;
  @Field({ nullable: true }) nameRu?: string;
  @Field({ nullable: true }) address?: string;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => GeoPointInput, { nullable: true }) location?: GeoPointInput;
  @Field(() => ID, { nullable: true }) districtId?: string;
  @Field({ nullable: true }) isState?: boolean;
  @Field(() => [Language], { nullable: true }) languages?: Language[];
}
