import { Injectable, Logger } from '@nestjs/common';
import { OfferService } from '../offer/offer.service';
import { ReferralExpiryService } from '../referral/referral-expiry.service';

const BATCH = 500;

/**
 * Enforces every deadline that is overdue, whatever happened to its job (Redis lost it, the
 * worker was down): windows that ended, referrals that expired, stop-lists that ended, claims
 * never committed. Each step re-checks its row, so it may overlap with the jobs.
 */
@Injectable()
export class LifecycleSweeper {
  private readonly logger = new Logger(LifecycleSweeper.name);

  constructor(
    private readonly offers: OfferService,
    private readonly referrals: ReferralExpiryService,
  ) {}

  async sweep(): Promise<{ rounds: number; referrals: number; stopLists: number; claims: number; seats: number }> {
    const done = { rounds: 0, referrals: 0, stopLists: 0, claims: 0, seats: 0 };
    for (;;) {
      const rounds = await this.offers.dueRounds(BATCH);
      for (const id of rounds) if (await this.offers.closeRound(id)) done.rounds++;
      // Rounds first: a child whose window ended is back in the queue before its referral's turn.
      const { referrals, stopLists, uncommitted } = await this.referrals.overdue(BATCH);
      for (const id of referrals) if (await this.referrals.expire(id)) done.referrals++;
      for (const id of stopLists) if (await this.referrals.releaseStopList(id)) done.stopLists++;
      for (const id of uncommitted) {
        await this.referrals.commitClaim(id);
        done.claims++;
      }
      if (rounds.length < BATCH && referrals.length < BATCH && stopLists.length < BATCH && uncommitted.length < BATCH)
        break;
    }
    // Seats vacancies still holds for what ended: normally the events' jobs freed them already.
    for (const id of await this.offers.unreleasedRounds(BATCH)) {
      await this.offers.releaseRoundSeats(id);
      done.seats++;
    }
    for (const id of (await this.referrals.overdue(BATCH)).unreleased) {
      await this.referrals.releaseSeat(id);
      done.seats++;
    }
    if (done.rounds + done.referrals + done.stopLists + done.claims + done.seats)
      this.logger.log(
        `swept: ${done.rounds} rounds closed, ${done.referrals} referrals expired, ${done.stopLists} stop-lists released, ${done.claims} claims committed, ${done.seats} seat releases`,
      );
    return done;
  }
}
