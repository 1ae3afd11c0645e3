import { Directive, Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Group } from '../group/group.entity';
import { GeoPoint } from './models/geo-point.model';
import { Language } from '@kezek/subgraph';

@ObjectType()
@Directive('@key(fields: "id")')
@Entity('kindergarten')
export class Kindergarten {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Name in Russian (the contract field); see nameKk/nameRu' })
  get name(): string {
    return this.nameRu;
  }

  @Field()
  @Column('text', { name: 'name_kk' })
  nameKk: string;

  @Field()
  @Column('text', { name: 'name_ru' })
  nameRu: string;

  @Field()
  @Column('text')
  address: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  phone: string | null;

  @Column('double precision')
  lat: number;

  @Column('double precision')
  lng: number;

  @Field(() => GeoPoint)
  get location(): GeoPoint {
    return { lat: this.lat, lng: this.lng };
  }

  @Field(() => ID)
  @Index()
  @Column('text', { name: 'region_id' })
  regionId: string;

  @Field(() => ID)
  @Column('text', { name: 'district_id' })
  districtId: string;

  @Field()
  @Column('boolean', { name: 'is_state' })
  isState: boolean;

  @Field(() => [Language])
  @Column('text', { array: true })
  languages: Language[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => [Group])
  groups?: Group[];

  @Field(() => Float, { nullable: true, description: 'Distance from the `near` point of the search, in km' })
  distanceKm?: number;
}
