import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A code sent to an e-mail a person gave; confirming it confirms that e-mail. */
@Entity('email_confirmation')
export class EmailConfirmationRecord {
  @PrimaryColumn('uuid')
  id: string;

  /** The order codes were given in. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  email: string;

  @Column('char', { length: 6 })
  code: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('int')
  attempts: number;

  @Column('timestamptz', { name: 'confirmed_at', nullable: true })
  confirmedAt: Date | null;
}
