import { JobList } from '@kezek/jobs';
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
 * The inbox of each event's subscribers. The queue opens an offer round (R10) for every
 * publication; the other events are the record in vacancies.outbox until a subscriber needs them
 * (the relay marks an event nobody subscribes to as published without delivering it).
 */
export const SEAT_EVENT_ROUTES: OutboxRoutes = { [SeatEvent.Published]: [JobList.QueueInbox] };
