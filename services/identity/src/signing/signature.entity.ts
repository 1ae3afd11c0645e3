import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Evidence of a verified signature (checklist step 11); the table refuses UPDATE and DELETE. */
@Entity('signature')
export class SignatureRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'request_id' })
  requestId: string;

  @Column('text')
  action: string;

  @Column('char', { name: 'signer_iin', length: 12 })
  signerIin: string;

  @Column('text', { name: 'signed_xml' })
  signedXml: string;

  @Column('text', { name: 'certificate_pem' })
  certificatePem: string;

  @Column('text', { name: 'certificate_serial' })
  certificateSerial: string;

  @Column('char', { name: 'certificate_sha256', length: 64 })
  certificateSha256: string;

  @Column('timestamptz', { name: 'verified_at' })
  verifiedAt: Date;

  /** RevocationEvidence as JSON: OCSP response (base64) or CRL number and hash, instants. */
  @Column('jsonb')
  revocation: Record<string, unknown>;
}
