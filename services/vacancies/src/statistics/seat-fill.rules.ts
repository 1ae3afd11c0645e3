/** A kindergarten's groups of one group year: their capacity and their published seats by status. */
export interface SeatCounts {
  capacity: number;
  free: number;
  held: number;
  claimed: number;
  enrolled: number;
}

export interface SeatFillFigures {
  /** Seats with a child: never published as vacant (or withdrawn), or enrolled through the queue (R19). */
  occupied: number;
  /** Share of the capacity neither free nor held for an offer: occupied or claimed by a referral; null without capacity. */
  fillRatio: number | null;
}

/**
 * How full a kindergarten's group year is. Published seats are the vacancies the queue fills
 * (FREE → HELD → CLAIMED → ENROLLED); what the capacity has beyond them was never vacant. So
 * occupied + claimed + held + free = capacity, and a referral's seat counts as filled.
 */
export function seatFill(c: SeatCounts): SeatFillFigures {
  const occupied = c.capacity - c.free - c.held - c.claimed;
  const fillRatio = c.capacity > 0 ? Math.round(((occupied + c.claimed) / c.capacity) * 1000) / 1000 : null;
  return { occupied, fillRatio };
}
