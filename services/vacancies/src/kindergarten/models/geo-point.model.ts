import { Field, Float, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class GeoPoint {
  @Field(() => Float) lat: number;
  @Field(() => Float) lng: number;
}
