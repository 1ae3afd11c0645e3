import { Field, Float, InputType } from '@nestjs/graphql';

@InputType()
export class GeoPointInput {
  @Field(() => Float) lat: number;
  @Field(() => Float) lng: number;
}
