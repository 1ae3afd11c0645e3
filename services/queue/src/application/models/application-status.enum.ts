import { registerEnumType } from '@nestjs/graphql';

export enum ApplicationStatus {
  IN_QUEUE = 'IN_QUEUE',
  NOTIFIED = 'NOTIFIED',
  REFERRAL_ISSUED = 'REFERRAL_ISSUED',
  ENROLLED = 'ENROLLED',
  WITHDRAWN = 'WITHDRAWN',
  REMOVED = 'REMOVED',
}
registerEnumType(ApplicationStatus, { name: 'ApplicationStatus' });

/** Statuses that hold a place in the queue (R5), and so may still be withdrawn (R20); the rest are out of it. */
export const IN_QUEUE_STATUSES = [ApplicationStatus.IN_QUEUE, ApplicationStatus.NOTIFIED];

/** R4: an application of these statuses is the child's one active application in its queue area. */
export const ACTIVE_STATUSES = [
  ApplicationStatus.IN_QUEUE,
  ApplicationStatus.NOTIFIED,
  ApplicationStatus.REFERRAL_ISSUED,
];
