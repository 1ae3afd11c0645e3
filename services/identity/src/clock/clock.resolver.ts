import { Logger } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Clock, ClockBackwardsError, ClockMoveError, SharedManualClock, toAlmatyIso } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { Ctx, RequestContext, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { Role } from '../role-grant/models/role.enum';
import { advanceClockInput } from './clock.schema';
import { ClockMove } from './models/clock-move.model';
import { ClockState } from './models/clock-state.model';

/**
 * The graph's time, and moving it on a development or test stand. Here because identity holds the
 * roles; the move itself is the shared clock's (libs/clock), which every process follows.
 */
@Resolver()
export class ClockResolver {
  private readonly logger = new Logger('Clock');

  constructor(private readonly time: Clock) {}

  @Query(() => ClockState, {
    name: 'clock',
    description: "The graph's time; `manual` on a stand whose time an ADMIN moves",
  })
  clockState(): ClockState {
    return { now: this.time.now(), manual: this.time instanceof SharedManualClock };
  }

  @Mutation(() => ClockMove, {
    description:
      'ADMIN, on a stand running the manual clock (else CLOCK_NOT_MANUAL): moves the time of every service and worker forward, `by` an ISO-8601 duration ("P3D", "PT25H") or seconds, or `to` an instant; returns once every process has moved and processed what fell due. Going back is VALIDATION_FAILED. Access tokens expire on the moved clock: sign in again after a long move.',
  })
  async advanceClock(
    @Ctx() ctx: RequestContext,
    @Args('by', { nullable: true, type: () => String }) by?: string | null,
    // A String checked here rather than DateTime: a bad DateTime variable fails in the subgraph's
    // scalar, which the gateway can only answer as an internal error (found by the hostile sweep).
    @Args('to', { nullable: true, type: () => String, description: 'An ISO-8601 instant with offset' })
    to?: string | null,
  ): Promise<ClockMove> {
    const actor = requirePrincipal(ctx, Role.ADMIN);
    if (!(this.time instanceof SharedManualClock))
      throw new DomainError('CLOCK_NOT_MANUAL', 'this stand runs the system clock (CLOCK=system)');
    const step = validateInput(advanceClockInput, { by, to });
    try {
      const moved = await this.time.advance(step);
      this.logger.log(`moved to ${toAlmatyIso(moved.now)} by user ${actor.userId} (${moved.processes} processes)`);
      return moved;
    } catch (e) {
      if (e instanceof ClockBackwardsError) {
        const field = 'to' in step ? 'to' : 'by';
        throw new DomainError('VALIDATION_FAILED', e.message, { fields: [{ field, problem: e.message }] });
      }
      // The time has moved; some process has not caught up: a move by PT0S runs every sweep again.
      if (e instanceof ClockMoveError)
        throw new DomainError('SERVICE_UNAVAILABLE', e.message, { now: toAlmatyIso(e.now), processes: e.processes });
      throw e;
    }
  }
}
