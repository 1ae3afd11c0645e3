/** One channel and kind's notices of a period, by where they are now. */
export interface DeliveryCounts {
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
}

/**
 * The share of settled notices that reached the person: sent (the provider accepted it) or
 * delivered (it reported so) of everything sent, delivered or failed, to 3 decimals. Notices
 * still queued (an SMS waiting for the morning, a retry) are not settled; null when none is.
 */
export function reachedRate(c: DeliveryCounts): number | null {
  const reached = c.sent + c.delivered;
  const settled = reached + c.failed;
  return settled > 0 ? Math.round((reached / settled) * 1000) / 1000 : null;
}
