/** What SeatsPublished tells the queue (vacancies' seat-events.ts). */
export interface SeatsPublished {
  groupId: string;
  kindergartenId: string;
  regionId: string;
  districtId: string;
  groupYear: number;
  count: number;
}

export function seatsPublished(payload: Record<string, unknown>): SeatsPublished {
  const { groupId, kindergartenId, regionId, districtId, groupYear, count } = payload;
  if (
    typeof groupId !== 'string' ||
    typeof kindergartenId !== 'string' ||
    typeof regionId !== 'string' ||
    typeof districtId !== 'string' ||
    typeof groupYear !== 'number' ||
    typeof count !== 'number'
  )
    throw new Error('SeatsPublished payload is missing a field');
  return { groupId, kindergartenId, regionId, districtId, groupYear, count };
}

/**
 * The queue areas a group's seats serve: its district's queue and its city's (R4: the portal
 * chooses whether it queues by city or by district). Seats are held in the district.
 */
export function roundAreas(p: Pick<SeatsPublished, 'regionId' | 'districtId'>): {
  areaIds: string[];
  holdAreaId: string;
} {
  return { areaIds: [...new Set([p.districtId, p.regionId])], holdAreaId: p.districtId };
}

/**
 * How long vacancies keeps a round's seats held: to the end of the window (R10) and an hour more,
 * so the queue closing the round normally releases them first, and vacancies' reconciler frees
 * them should the queue never do it.
 */
export function holdSeconds(now: Date, windowEndsAt: Date): number {
  return Math.ceil((windowEndsAt.getTime() - now.getTime()) / 1000) + 3600;
}

/** A publication of seats waiting for a round (queue.seat_publication), oldest first. */
export interface WaitingPublication {
  eventId: string;
  groupId: string;
  areaIds: string[];
  holdAreaId: string;
  seats: number;
  /** Its SeatsPublished `occurredAt`; null for publications recorded before the queue kept it. */
  publishedAt: Date | null;
}

/**
 * The publications the next round takes: the first waiting one, then those after it whose seats
 * are held in the same area, in order, while the round stays within `maxSeats` (one hold at
 * vacancies). Publications arriving later only lengthen the list, so a round retried after a
 * failed attempt starts with the same publication (its id) and asks for at least as many seats.
 */
export function nextRoundBatch(waiting: readonly WaitingPublication[], maxSeats: number): WaitingPublication[] {
  const [first] = waiting;
  if (!first) return [];
  const batch = [first];
  let seats = first.seats;
  for (const p of waiting.slice(1)) {
    if (p.holdAreaId !== first.holdAreaId) continue;
    if (seats + p.seats > maxSeats) break;
    batch.push(p);
    seats += p.seats;
  }
  return batch;
}

/**
 * What a round of `batch` tells vacancies it is for (ClaimsApi.hold `publications`): each
 * publication's group and instant, so that the round holds those seats first and the rest of
 * them are free choice at once (R11), while the seats of publications it has not seen (left for a
 * later round, or not delivered yet) keep awaiting theirs. A publication recorded without its
 * instant cannot be named: its seats await their round until vacancies' grace ends.
 */
export function roundPublications(
  batch: readonly WaitingPublication[],
): Array<{ groupId: string; publishedAt: string }> {
  return batch.flatMap((p) =>
    p.publishedAt ? [{ groupId: p.groupId, publishedAt: new Date(p.publishedAt).toISOString() }] : [],
  );
}

/** Whether an OPEN offer is still the child's: its window has not ended (the worker closes it soon after). */
export function isCurrentOffer(offer: { expiresAt: Date }, now: Date): boolean {
  return now <= offer.expiresAt;
}
