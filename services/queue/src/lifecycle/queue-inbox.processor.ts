import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobList, Processor } from '@kezek/jobs';
import { OutboxJobData } from '@kezek/outbox';
import { offerNoticeReached } from '../offer/offer-window.rules';
import { OfferService } from '../offer/offer.service';
import { ReferralExpiryService } from '../referral/referral-expiry.service';
import { Deadline, Deadlines } from './deadlines';
import { QueueEvent } from './queue-events';

/** vacancies' SeatsPublished, as the queue reads it. */
const SEATS_PUBLISHED = 'SeatsPublished';
/** notifications' OfferNoticeReached: an offer's notice first reached the parent by e-mail or SMS. */
const OFFER_NOTICE_REACHED = 'OfferNoticeReached';

/**
 * The queue's inbox: a publication of seats opens an offer round (R10), a notice reaching a
 * parent may move the offer's window (R10, offerWindowFromDelivery); the lifecycle's own
 * events bring what must follow their commit — claims committed or released at vacancies,
 * deadlines scheduled. Every handler is idempotent: an event delivered twice changes nothing.
 */
@Injectable()
export class QueueInboxProcessor implements Processor {
  readonly queue = JobList.QueueInbox;

  constructor(
    private readonly offers: OfferService,
    private readonly referrals: ReferralExpiryService,
    private readonly deadlines: Deadlines,
  ) {}

  async process(job: Job<OutboxJobData>): Promise<void> {
    const event = job.data;
    const p = event.payload as Record<string, string | null>;
    switch (event.type) {
      case SEATS_PUBLISHED:
        return this.offers.receivePublication(event);
      // R10: the window may start at delivery; the round then closes later (the job at the old end does nothing).
      case OFFER_NOTICE_REACHED: {
        const close = await this.offers.recordReach(offerNoticeReached(event.payload));
        if (close) await this.deadlines.schedule(Deadline.OfferWindow, close.roundId, close.windowEndsAt);
        return;
      }
      case QueueEvent.OfferRoundOpened:
        if (p.held) await this.deadlines.schedule(Deadline.OfferWindow, p.roundId!, new Date(p.windowEndsAt!));
        return;
      case QueueEvent.OfferRoundClosed:
        return this.offers.releaseRoundSeats(p.roundId!);
      case QueueEvent.ReferralIssued:
        await this.referrals.commitClaim(p.referralId!);
        return this.deadlines.schedule(Deadline.ReferralExpiry, p.referralId!, new Date(p.expiresAt!));
      case QueueEvent.ReferralExtended:
        return this.deadlines.schedule(Deadline.ReferralExpiry, p.referralId!, new Date(p.expiresAt!));
      case QueueEvent.ReferralRevoked:
        return this.referrals.releaseSeat(p.referralId!);
      // R18: refused privilege documents cancel the referral as an expiry does (R16).
      case QueueEvent.PrivilegeRefused:
      case QueueEvent.ReferralExpired:
        await this.referrals.releaseSeat(p.referralId!);
        if (p.stopListUntil)
          await this.deadlines.schedule(Deadline.StopListRelease, p.applicationId!, new Date(p.stopListUntil));
        return;
      // A referral cancelled by an operator's removal frees its seat as an expired one does.
      case QueueEvent.ApplicationRemoved:
        if (p.referralId) await this.referrals.releaseSeat(p.referralId);
        return;
    }
  }
}
