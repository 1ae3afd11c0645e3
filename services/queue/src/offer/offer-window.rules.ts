import { PortalPolicy } from '@kezek/policy';

/** What notifications' OfferNoticeReached tells the queue: the offer's notice first reached the parent by e-mail or SMS. */
export interface OfferNoticeReached {
  offerId: string;
  applicationId: string;
  reachedAt: Date;
}

export function offerNoticeReached(payload: Record<string, unknown>): OfferNoticeReached {
  const { offerId, applicationId, reachedAt } = payload;
  const at = typeof reachedAt === 'string' ? new Date(reachedAt) : null;
  if (typeof offerId !== 'string' || typeof applicationId !== 'string' || !at || Number.isNaN(at.getTime()))
    throw new Error('OfferNoticeReached payload is missing a field');
  return { offerId, applicationId, reachedAt: at };
}

/**
 * R10 with `offerWindowFromDelivery`: the end of an offer's window once its parent was first
 * reached. The window starts at delivery only when the setting is on and the reach came while
 * the window counted from sending still ran; a later reach, or the setting off, keeps that end.
 * It never ends before the sending-based end, nor after the round's latest end.
 */
export function offerWindowEnd(o: {
  policy: Pick<PortalPolicy, 'offerWindowFromDelivery'>;
  /** The offer's window counted from sending. */
  sentWindowEndsAt: Date;
  reachedAt: Date;
  /** The policy's working days counted from `reachedAt` (the working calendar). */
  windowFromReach: Date;
  /** The round's bound: a window after the sending-based one, up to which its seats are held. */
  latestWindowEndsAt: Date;
}): Date {
  if (!o.policy.offerWindowFromDelivery || o.reachedAt > o.sentWindowEndsAt) return o.sentWindowEndsAt;
  const fromReach = Math.max(o.sentWindowEndsAt.getTime(), o.windowFromReach.getTime());
  return new Date(Math.min(fromReach, o.latestWindowEndsAt.getTime()));
}
