import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A district of a region: the queue area when the portal queues by district. */
@ObjectType()
@Entity('district')
export class District {
  @Field(() => ID)
  @PrimaryColumn('text')
  id: string;

  @Field(() => ID)
  @Column('text', { name: 'region_id' })
  regionId: string;

  @Field()
  @Column('text', { name: 'name_kk' })
  nameKk: string;

  @Field()
  @Column('text', { name: 'name_ru' })
  nameRu: string;
}
