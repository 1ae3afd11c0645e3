import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A person known from their EDS certificate (R9: first sign-in requires an e-mail). */
@ObjectType()
@Directive('@key(fields: "id")')
@Entity('user')
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('char', { length: 12, unique: true })
  iin: string;

  @Field({ description: 'From the certificate: SURNAME NAME PATRONYMIC' })
  @Column('text', { name: 'full_name' })
  fullName: string;

  @Column('text')
  surname: string;

  @Column('text', { name: 'given_name' })
  givenName: string;

  @Column('text', { nullable: true })
  patronymic: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  phone: string | null;

  /** When the current e-mail was confirmed with the code sent to it; null until then and after a change. */
  @Column('timestamptz', { name: 'email_confirmed_at', nullable: true })
  emailConfirmedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
