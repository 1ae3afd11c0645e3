import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { GrantScope } from './access.rules';

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

/** The audit entry of a change of `grant`, holding the grant as it stands after the change. */
export function grantAudit(
  grant: GrantScope & { id: string },
  action: RoleGrantAudit['action'],
  actor: string,
  at: Date,
  reason: string,
): Omit<RoleGrantAudit, 'id'> {
  const { role, bin, kindergartenIds, regionIds } = grant;
  return { grantId: grant.id, action, actor, at, reason, grantState: { role, bin, kindergartenIds, regionIds } };
}
