import { EntityManager } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Portal } from '@kezek/portals';
import { VerifiedAction } from '@kezek/identity-api';

/** What a performed action returns to the portal (SignedActionResult). */
export type SignedActionOutcome = (
  { applicationId: string; referralId?: never } | { referralId: string; applicationId?: never }
) & {
  /**
   * Work at another service that must follow the commit (a claim to commit). Best effort: the
   * event recorded in the transaction is the guarantee, this only makes it happen before the
   * answer in the usual case.
   */
  afterCommit?: () => Promise<void>;
};

/** Performs one kind of signed action, inside the transaction that records it. */
export interface SignedActionHandler<R = unknown, P = unknown> {
  readonly action: string;
  /**
   * Refusals that need no signature, judged before the signature is verified on the parameters
   * the document names (unverified: read-only, and only a refusal is taken from it), so a crowd
   * that has already lost is refused without verifying each signature (release day, R11). What it
   * found is handed to `reserve` when the verified parameters are the same.
   */
  precheck?(parameters: Record<string, string>, principal: Principal, portal: Portal): Promise<P | undefined>;
  /**
   * Calls to other services, made before the transaction so that no database connection or row
   * lock is held while they answer (under a release-day race the pool would be spent waiting);
   * the result is handed to `perform`, which checks again under its locks. Idempotent by the
   * request (a retried submit reserves the same thing), and what it takes must lapse by itself
   * if the action is not performed (a pending claim).
   */
  reserve?(verified: VerifiedAction, principal: Principal, portal: Portal, prechecked?: P): Promise<R>;
  perform(
    tx: EntityManager,
    verified: VerifiedAction,
    principal: Principal,
    portal: Portal,
    reserved?: R,
  ): Promise<SignedActionOutcome>;
}

export const SIGNED_ACTION_HANDLERS = Symbol('SIGNED_ACTION_HANDLERS');
