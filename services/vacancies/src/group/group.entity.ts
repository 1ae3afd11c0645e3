import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Kindergarten } from '../kindergarten/kindergarten.entity';
import { Language } from '@kezek/subgraph';

// Kindergarten and Group import each other: Relation<> keeps their property types out of the
// reflected metadata, so either file can be loaded first.
@ObjectType()
@Directive('@key(fields: "id")')
@Entity('group')
export class Group {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid', { name: 'kindergarten_id' })
  kindergartenId: string;

  @ManyToOne(() => Kindergarten, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'kindergarten_id' })
  kindergartenRow?: Relation<Kindergarten>;

  @Field(() => Kindergarten)
  kindergarten?: Relation<Kindergarten>;

  @Field(() => Int, { description: 'The birth-year group' })
  @Column('int', { name: 'group_year' })
  groupYear: number;

  @Field(() => Language)
  @Column('text')
  language: Language;

  @Field(() => Int)
  @Column('int')
  capacity: number;

  @Field(() => Int, {
    description:
      'Seats a free choice may take now: published seats nobody holds or claims, once their offer round has seen them (derived from the seat rows)',
  })
  freeSeats?: number;

  @Field(() => Int, {
    description:
      'Published seats awaiting their offer round: offered to the queue first (R10), free choice once the round has seen them (R11)',
  })
  awaitingSeats?: number;
}
