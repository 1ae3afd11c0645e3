import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { Clock } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { issueSigningDocument } from '../signing/signing-xml';
import { AuthChallengeRecord } from './auth-challenge.entity';

/** How long a sign-in challenge may be signed and sent back. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
/** Spent challenges are kept this long after expiry (support), then deleted when new ones are issued. */
const KEEP_EXPIRED_MS = 24 * 3600_000;

@Injectable()
export class ChallengeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** A fresh sign-in document for this portal: action `sign-in`, the portal, a nonce, the time. */
  async issue(portalId: string): Promise<AuthChallengeRecord> {
    const now = this.clock.now();
    const challenge: AuthChallengeRecord = {
      portalId,
      ...issueSigningDocument({ action: 'sign-in', portal: portalId }, now, CHALLENGE_TTL_MS),
      consumedAt: null,
    };
    const repo = this.db.getRepository(AuthChallengeRecord);
    await repo.delete({ expiresAt: LessThan(new Date(now.getTime() - KEEP_EXPIRED_MS)) });
    await repo.insert(challenge);
    return challenge;
  }

  /**
   * Uses up the challenge of `nonce` inside the sign-in transaction (row-locked, so a replay
   * racing the first use waits and then finds it consumed), once the signed content is exactly
   * its document. Unknown, used and expired challenges are all SIGNING_REQUEST_EXPIRED: the
   * portal asks for a new one.
   */
  async consume(tx: EntityManager, nonce: string, signedContent: string, portalId: string): Promise<void> {
    const now = this.clock.now();
    const challenge = await tx
      .getRepository(AuthChallengeRecord)
      .findOne({ where: { nonce }, lock: { mode: 'pessimistic_write' } });
    if (!challenge || challenge.consumedAt)
      throw new DomainError('SIGNING_REQUEST_EXPIRED', 'sign-in challenge unknown or already used');
    if (now >= challenge.expiresAt) throw new DomainError('SIGNING_REQUEST_EXPIRED', 'sign-in challenge expired');
    // buildSigningXml writes canonical XML, so the verified content must be the very string.
    if (signedContent !== challenge.xml)
      throw new DomainError('SIGNATURE_INVALID', 'signed content differs from the challenge');
    if (challenge.portalId !== portalId)
      throw new DomainError('FORBIDDEN', 'sign-in challenge was issued for another portal');
    await tx.getRepository(AuthChallengeRecord).update({ nonce }, { consumedAt: now });
  }
}
