import { registerEnumType } from '@nestjs/graphql';
import { PositionEvent } from '@kezek/fairness';
import { ApplicationStatus, IN_QUEUE_STATUSES } from '../../application/models/application-status.enum';

/** Why a queue number changed: the kind of event of a child ahead, never which child. */
export enum PositionCause {
  /** A child ahead got a referral (from an offer or free choice): down. */
  REFERRAL_AHEAD = 'REFERRAL_AHEAD',
  /** A child ahead was withdrawn by its parent (R20): down. */
  WITHDRAWN_AHEAD = 'WITHDRAWN_AHEAD',
  /** A child ahead was removed from the queue (R17, or by an operator): down. */
  REMOVED_AHEAD = 'REMOVED_AHEAD',
  /** A child ahead left the queue another way (enrolled): down. */
  LEFT_AHEAD = 'LEFT_AHEAD',
  /** A revoked referral returned its child to its place ahead (R15): up. */
  REVOKED_RETURNED_AHEAD = 'REVOKED_RETURNED_AHEAD',
  /** An unused referral expired and its child returned ahead, on the stop-list (R16): up. */
  EXPIRED_RETURNED_AHEAD = 'EXPIRED_RETURNED_AHEAD',
  /** Privilege documents were refused and the child returned ahead in the general queue (R18): up. */
  PRIVILEGE_REFUSED_RETURNED_AHEAD = 'PRIVILEGE_REFUSED_RETURNED_AHEAD',
  /** An application with an earlier filing instant entered the queue (imported or demo history): up. */
  FILED_AHEAD = 'FILED_AHEAD',
  /** A child ahead came back to the queue another way: up. */
  RETURNED_AHEAD = 'RETURNED_AHEAD',
}
registerEnumType(PositionCause, { name: 'PositionCause' });

/** One change of a child ahead as its history records it. */
export interface ChangeAhead {
  at: string;
  action: string;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus;
}

const counted = (s: ApplicationStatus | null) => s !== null && IN_QUEUE_STATUSES.includes(s);

const RETURNS: Record<string, PositionCause> = {
  REFERRAL_REVOKED: PositionCause.REVOKED_RETURNED_AHEAD,
  REFERRAL_EXPIRED: PositionCause.EXPIRED_RETURNED_AHEAD,
  PRIVILEGE_REFUSED: PositionCause.PRIVILEGE_REFUSED_RETURNED_AHEAD,
  FILED: PositionCause.FILED_AHEAD,
};

const LEAVES: Partial<Record<ApplicationStatus, PositionCause>> = {
  [ApplicationStatus.REFERRAL_ISSUED]: PositionCause.REFERRAL_AHEAD,
  [ApplicationStatus.WITHDRAWN]: PositionCause.WITHDRAWN_AHEAD,
  [ApplicationStatus.REMOVED]: PositionCause.REMOVED_AHEAD,
};

/**
 * R5/R6: a queue number counts the children ahead holding a place (IN_QUEUE, NOTIFIED), so it
 * moves exactly when one of them enters or leaves those statuses; an offer or its lapse moves
 * nobody (NOTIFIED holds its place).
 */
export function positionEvent(change: ChangeAhead): PositionEvent | null {
  const before = counted(change.fromStatus);
  const after = counted(change.toStatus);
  if (before === after) return null;
  if (after) return { at: change.at, delta: 1, cause: RETURNS[change.action] ?? PositionCause.RETURNED_AHEAD };
  return { at: change.at, delta: -1, cause: LEAVES[change.toStatus] ?? PositionCause.LEFT_AHEAD };
}
