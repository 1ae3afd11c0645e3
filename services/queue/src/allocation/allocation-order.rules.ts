import { almatyDate } from '@kezek/clock';
import { PortalPolicy } from '@kezek/policy';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';

/** What allocation reads of an application (R5, R7, R8). */
export interface AllocationCandidate {
  id: string;
  number: string;
  privilege: Privilege;
  /**
   * The filing instant in UTC with microseconds, fixed width (`2026-03-02T05:00:00.000001Z`), so
   * string order is the queue's order; a Date would drop the microseconds the database keeps.
   */
  filedAt: string;
  /** YYYY-MM-DD */
  birthDate: string;
  status: ApplicationStatus;
  onStopListUntil: Date | null;
}

/** R5: filing instant, ties by application number. */
export function byQueueOrder(a: AllocationCandidate, b: AllocationCandidate): number {
  if (a.filedAt !== b.filedAt) return a.filedAt < b.filedAt ? -1 : 1;
  return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}

/**
 * R8: the latest birth date of a child that is `policy.offerMinAgeYears` full years old on the
 * Almaty day of `at` (R1). A child born on 29 February is a year older on 1 March in common
 * years: its years are full only once 28 February has passed (as PostgreSQL's `date - interval`).
 */
export function latestEligibleBirthDate(at: Date, policy: PortalPolicy): string {
  const [year, month, day] = almatyDate(at).split('-').map(Number);
  const birthYear = year - policy.offerMinAgeYears;
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const lastDay = month === 2 && day === 29 && !leap(birthYear) ? 28 : day;
  return `${String(birthYear).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
}

/**
 * R8 at `at`: old enough, not on the stop-list (it ends at `onStopListUntil`, the end of its last
 * day, R16), and in the queue without an open offer or referral (NOTIFIED, REFERRAL_ISSUED).
 */
export function isEligible(c: AllocationCandidate, at: Date, policy: PortalPolicy): boolean {
  return (
    c.status === ApplicationStatus.IN_QUEUE &&
    (c.onStopListUntil === null || c.onStopListUntil < at) &&
    c.birthDate <= latestEligibleBirthDate(at, policy)
  );
}

/**
 * R7 over the eligible children (R8) of one area and group year: OUT_OF_TURN first in queue
 * order, then FIRST_PRIORITY and NONE interleaved `policy.interleave.firstPriority :
 * policy.interleave.general`; once one of those runs dry the other continues alone. Each call
 * starts a fresh cycle with the first-priority stream.
 */
export function allocationOrder(
  candidates: readonly AllocationCandidate[],
  at: Date,
  policy: PortalPolicy,
): AllocationCandidate[] {
  const stream = (p: Privilege) =>
    candidates.filter((c) => c.privilege === p && isEligible(c, at, policy)).sort(byQueueOrder);
  const firstPriority = stream(Privilege.FIRST_PRIORITY);
  const general = stream(Privilege.NONE);
  const order = stream(Privilege.OUT_OF_TURN);
  let f = 0;
  let g = 0;
  while (f < firstPriority.length && g < general.length) {
    for (let k = 0; k < policy.interleave.firstPriority && f < firstPriority.length; k++)
      order.push(firstPriority[f++]);
    for (let k = 0; k < policy.interleave.general && g < general.length; k++) order.push(general[g++]);
  }
  return order.concat(firstPriority.slice(f), general.slice(g));
}
