import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IssuedDocument } from '../signing/signing-xml';

/** A sign-in challenge: single-use (consumed_at) and short-lived (expires_at). */
@Entity('auth_challenge')
export class AuthChallengeRecord implements IssuedDocument {
  @PrimaryColumn('text')
  nonce: string;

  @Column('text', { name: 'portal_id' })
  portalId: string;

  @Column('text')
  xml: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'consumed_at', nullable: true })
  consumedAt: Date | null;
}
