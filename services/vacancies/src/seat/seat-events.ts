import { OutboxRoutes } from '@kezek/outbox';

export const VACANCIES_SCHEMA = 'vacancies';

/** Events of the vacancies outbox. Payloads: ids and counts only. */
export enum SeatEvent {
  /** { groupId, kindergartenId, regionId, districtId, groupYear, language, count } — R10 starts an offer round. */
  Published = 'SeatsPublished',
  /** { seatId, groupId, referralId, offerRoundId } — the claim is pending until committed (or freed as CLAIM_EXPIRED). */
  Claimed = 'SeatClaimed',
  /**
   * { groupId, count, reason: ReleaseReason, referralId?, offerRoundId? } — seats are free again. REFERRAL and
   * CLAIM_EXPIRED (a pending claim never committed) carry the referral, one event per seat.
   */
  Released = 'SeatsReleased',
  /** { seatId, groupId, referralId } */
  Enrolled = 'SeatEnrolled',
}

/**
 * The inbox of each event's subscribers. None yet: the queue's offers and referrals and the
 * notifications arrive with their issues, each adding its inbox here with the processor that
 * consumes it. Until then the relay marks every event published without delivering it
 * (libs/outbox): the row stays in vacancies.outbox as the record, and a subscriber starts from
 * the seats' current state rather than from a backlog of stale events.
 */
export const SEAT_EVENT_ROUTES: OutboxRoutes = {};
