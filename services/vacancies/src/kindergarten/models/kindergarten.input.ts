import { Field, ID, InputType } from '@nestjs/graphql';
import { GeoPointInput } from './geo-point.input';
import { Language } from '@kezek/subgraph';

@InputType()
export class KindergartenInput {
  @Field() nameKk: string;
  @Field() nameRu: string;
  @Field() address: string;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => GeoPointInput) location: GeoPointInput;
  @Field(() => ID) regionId: string;
  @Field(() => ID) districtId: string;
  @Field() isState: boolean;
  @Field(() => [Language]) languages: Language[];
}
