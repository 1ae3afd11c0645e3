import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@kezek/clock';
import { OfferService } from '../offer/offer.service';
import { ReferralExpiryService } from '../referral/referral-expiry.service';

const BATCH = 500;
/** How long a publication may wait for a round before the sweeper opens it. */
const WAITING_GRACE_MS = 30_000;
/** How old a publication whose seats still await a round must be before its event counts as lost. */
const LOST_AFTER_MS = 120_000;

/** What one sweep did; `failed` rows are left for the next sweep. */
export interface SweepCounts {
  /** Publications whose event never came, received from vacancies' awaiting seats. */
  recovered: number;
  opened: number;
  rounds: number;
  referrals: number;
  stopLists: number;
  claims: number;
  seats: number;
  failed: number;
}

/**
 * Enforces every deadline that is overdue, whatever happened to its job (Redis lost it, the
 * worker was down): publications whose event never came or no round took, windows that ended, referrals that expired,
 * stop-lists that ended, claims never committed. Each step re-checks its row, so it may overlap
 * with the jobs.
 */
@Injectable()
export class LifecycleSweeper {
  private readonly logger = new Logger(LifecycleSweeper.name);

  constructor(
    private readonly clock: Clock,
    private readonly offers: OfferService,
    private readonly referrals: ReferralExpiryService,
  ) {}

  async sweep(): Promise<SweepCounts> {
    const done: SweepCounts = {
      recovered: 0,
      opened: 0,
      rounds: 0,
      referrals: 0,
      stopLists: 0,
      claims: 0,
      seats: 0,
      failed: 0,
    };
    /** Runs `step` for each id; one row's failure is logged and counted, never stops the others. */
    const each = async (what: keyof SweepCounts, ids: string[], step: (id: string) => Promise<unknown>) => {
      let progress = 0;
      for (const id of ids) {
        try {
          if ((await step(id)) !== false) {
            done[what]++;
            progress++;
          }
        } catch (e) {
          done.failed++;
          this.logger.warn(`${what} ${id}: ${e instanceof Error ? e.message : String(e)}; retried at the next sweep`);
        }
      }
      return progress;
    };
    // Publications whose SeatsPublished never came (its job lost with Redis): vacancies still has
    // their seats awaiting a round. Received as their events would have been, their rounds open now.
    try {
      done.recovered = await this.offers.receiveLostPublications(
        new Date(this.clock.now().getTime() - LOST_AFTER_MS),
        BATCH,
      );
    } catch (e) {
      done.failed++;
      this.logger.warn(`publications awaiting their round: ${e instanceof Error ? e.message : String(e)}`);
    }
    // Publications an opener left waiting when it died (a live one takes them within moments).
    for (const w of await this.offers.waitingSince(new Date(this.clock.now().getTime() - WAITING_GRACE_MS))) {
      try {
        done.opened += await this.offers.openWaitingRounds(w.portalId, w.groupYear);
      } catch (e) {
        done.failed++;
        this.logger.warn(`rounds of ${w.portalId} ${w.groupYear}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    for (;;) {
      const rounds = await this.offers.dueRounds(BATCH);
      let progress = await each('rounds', rounds, (id) => this.offers.closeRound(id));
      // Rounds first: a child whose window ended is back in the queue before its referral's turn.
      const { referrals, stopLists, uncommitted } = await this.referrals.overdue(BATCH);
      progress += await each('referrals', referrals, (id) => this.referrals.expire(id));
      progress += await each('stopLists', stopLists, (id) => this.referrals.releaseStopList(id));
      progress += await each('claims', uncommitted, (id) => this.referrals.commitClaim(id));
      // Another batch only while a list was full and this one moved: failing rows never loop.
      const full = [rounds, referrals, stopLists, uncommitted].some((list) => list.length >= BATCH);
      if (!full || progress === 0) break;
    }
    // Seats vacancies still holds for what ended: normally the events' jobs freed them already.
    await each('seats', await this.offers.unreleasedRounds(BATCH), (id) => this.offers.releaseRoundSeats(id));
    await each('seats', await this.referrals.unreleased(BATCH), (id) => this.referrals.releaseSeat(id));
    if (Object.values(done).some((n) => n > 0))
      this.logger.log(
        `swept: ${done.recovered} publications recovered, ${done.opened} rounds opened, ${done.rounds} rounds closed, ${done.referrals} referrals expired, ${done.stopLists} stop-lists released, ${done.claims} claims committed, ${done.seats} seat releases, ${done.failed} failed`,
      );
    return done;
  }
}
