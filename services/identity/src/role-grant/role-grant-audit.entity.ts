import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { GrantScope } from './access';

/** Who granted or revoked what, when and why; the table refuses UPDATE and DELETE. */
@Entity('role_grant_audit')
export class RoleGrantAudit {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'grant_id' })
  grantId: string;

  @Column('text')
  action: 'GRANT' | 'REVOKE';

  @Column('text')
  actor: string;

  @Column('timestamptz')
  at: Date;

  @Column('text')
  reason: string;

  /** The grant as it stood after the change (role, bin, scopes). */
  @Column('jsonb', { name: 'grant_state' })
  grantState: GrantScope;
}
