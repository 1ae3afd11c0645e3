import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The stored side of a Session: one row per refresh token, the rows of one sign-in sharing
 * family_id. Only the token's SHA-256 is stored; refreshing rotates it (the row is marked rotated,
 * a new row joins the family) and presenting a rotated one again revokes the family: someone else
 * holds a copy.
 */
@Entity('session')
export class SessionRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'family_id' })
  familyId: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  /** The organisation of an employee's certificate; null for a person's own. Roles follow from it. */
  @Column('char', { length: 12, nullable: true })
  bin: string | null;

  @Column('char', { name: 'token_hash', length: 64 })
  tokenHash: string;

  /** `jti` of the access token issued with this refresh token: signOut finds the family by it. */
  @Column('uuid', { name: 'access_token_id' })
  accessTokenId: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'rotated_at', nullable: true })
  rotatedAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
