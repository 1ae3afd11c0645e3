import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { IssuedDocument } from './signing-xml';

export type SigningRequestStatus = 'PENDING' | 'VERIFIED';

/** Sign step 1 as identity keeps it: the exact XML to sign, for whom, until when. */
@Entity('signing_request')
export class SigningRequestRecord implements IssuedDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The service that prepared it (service token `iss`); only it may submit the signature. */
  @Column('text')
  service: string;

  @Column('text')
  action: string;

  @Column('jsonb')
  parameters: Record<string, string>;

  @Column('text')
  subject: string;

  @Column('char', { name: 'signer_iin', length: 12 })
  signerIin: string;

  @Column('text')
  nonce: string;

  @Column('text')
  xml: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('text')
  status: SigningRequestStatus;
}
