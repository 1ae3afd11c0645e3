import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { District } from './district.entity';

/** A region (oblast or city of republican significance); a portal sees a set of regions. */
@ObjectType()
@Entity('region')
export class Region {
  @Field(() => ID)
  @PrimaryColumn('text')
  id: string;

  @Field()
  @Column('text', { name: 'name_kk' })
  nameKk: string;

  @Field()
  @Column('text', { name: 'name_ru' })
  nameRu: string;

  @Field(() => [District])
  districts?: District[];
}
