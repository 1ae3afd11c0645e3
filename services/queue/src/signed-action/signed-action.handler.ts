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
export interface SignedActionHandler {
  readonly action: string;
  perform(
    tx: EntityManager,
    verified: VerifiedAction,
    principal: Principal,
    portal: Portal,
  ): Promise<SignedActionOutcome>;
}

export const SIGNED_ACTION_HANDLERS = Symbol('SIGNED_ACTION_HANDLERS');
