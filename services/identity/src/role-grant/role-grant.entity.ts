import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from './models/role.enum';

/** A staff, operator or admin role given to a person (and, for an employee's certificate, an organisation). */
@ObjectType()
@Entity('role_grant')
export class RoleGrant {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('char', { length: 12 })
  iin: string;

  @Field(() => String, {
    nullable: true,
    description: 'BIN of the organisation whose employee certificate carries the role',
  })
  @Column('char', { length: 12, nullable: true })
  bin: string | null;

  @Field(() => Role)
  @Column('text')
  role: Role;

  @Field(() => [String])
  @Column('text', { name: 'kindergarten_ids', array: true })
  kindergartenIds: string[];

  @Field(() => [String])
  @Column('text', { name: 'region_ids', array: true })
  regionIds: string[];

  @Field({ description: 'User id of whoever granted it' })
  @Column('text', { name: 'granted_by' })
  grantedBy: string;

  @Field()
  @Column('timestamptz', { name: 'granted_at' })
  grantedAt: Date;

  @Field()
  @Column('text')
  reason: string;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('text', { name: 'revoked_by', nullable: true })
  revokedBy: string | null;
}
