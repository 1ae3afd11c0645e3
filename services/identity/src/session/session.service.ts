import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AccessTokenSigner, Principal } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { CertificateSubject } from '@kezek/eds';
import { DomainError } from '@kezek/errors';
import { ChallengeService } from '../challenge/challenge.service';
import { SignatureVerifier } from '../eds/signature-verifier';
import { sessionAccess, SessionAccess } from '../role-grant/access.rules';
import { RoleGrantService } from '../role-grant/role-grant.service';
import { nonceOf } from '../signing/signing-xml';
import { User } from '../user/user.entity';
import { hashRefreshToken, newRefreshToken, REFRESH_TTL_MS } from './refresh-token';
import { SessionRecord } from './session.entity';
import { Session } from './models/session.model';

@Injectable()
export class SessionService {
  private readonly logger = new Logger('Session');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly verifier: SignatureVerifier,
    private readonly challenges: ChallengeService,
    private readonly grants: RoleGrantService,
    private readonly tokens: AccessTokenSigner,
  ) {}

  /**
   * Sign-in with the AUTH key: the signature and certificate are verified first; the challenge is
   * then found by the nonce of the signed content (never the raw XML), must be exactly that
   * document, and is used up in the same transaction that creates the person (first sign-in)
   * and the session, so a refusal at any step leaves everything as it was.
   */
  async signIn(signedXml: string, portalId: string): Promise<Session> {
    const verified = await this.verifier.verify(signedXml, { purpose: 'AUTH', subject: 'any' });
    const nonce = nonceOf(verified.signedContent);
    if (!nonce) throw new DomainError('SIGNATURE_INVALID', 'signed document is not a sign-in challenge');
    const signer = verified.signer;
    // An employee's certificate signs in as that organisation's staff; a person's own as themselves.
    const bin = signer.subjectType === 'legal' ? signer.bin : null;
    return this.db.transaction(async (tx) => {
      await this.challenges.consume(tx, nonce, verified.signedContent, portalId);
      const access = sessionAccess(await this.grants.liveGrants(signer.iin, tx), bin);
      if (!access) {
        // FORBIDDEN rather than WRONG_KEY_USAGE: the key is a valid AUTH key; what is missing is a
        // staff grant for this organisation (a parent signs in with their own key).
        throw new DomainError('FORBIDDEN', 'no role is granted for this organisation: sign in with your personal key', {
          reason: 'legal-entity certificate without a grant',
        });
      }
      const user = await this.findOrCreateUser(tx, signer);
      return this.issue(tx, user, bin, access, randomUUID());
    });
  }

  /**
   * Rotates a refresh token. Presenting one that was already rotated means two parties hold it:
   * the whole family is revoked (committed before the refusal) and both must sign in again.
   */
  async refresh(refreshToken: string): Promise<Session> {
    const outcome = await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const current = await tx
        .getRepository(SessionRecord)
        .findOne({ where: { tokenHash: hashRefreshToken(refreshToken) }, lock: { mode: 'pessimistic_write' } });
      if (!current || current.revokedAt || now >= current.expiresAt)
        return { refused: 'refresh token invalid or expired' };
      if (current.rotatedAt) {
        await this.revokeFamily(tx, current.familyId);
        this.logger.warn(`refresh token reused: session family ${current.familyId} revoked`);
        return { refused: 'refresh token reused: the session is revoked' };
      }
      await tx.getRepository(SessionRecord).update(current.id, { rotatedAt: now });
      const user = await tx.getRepository(User).findOneByOrFail({ id: current.userId });
      const access = sessionAccess(await this.grants.liveGrants(user.iin, tx), current.bin);
      if (!access) {
        await this.revokeFamily(tx, current.familyId);
        return { refused: 'the role of this session was revoked' };
      }
      return { session: await this.issue(tx, user, current.bin, access, current.familyId) };
    });
    if ('refused' in outcome) throw new DomainError('UNAUTHENTICATED', outcome.refused);
    return outcome.session;
  }

  /** Ends the session of the presented access token (its whole refresh family); repeating it is harmless. */
  async signOut(principal: Principal): Promise<boolean> {
    await this.db.transaction(async (tx) => {
      const token = await tx
        .getRepository(SessionRecord)
        .findOneBy({ accessTokenId: principal.tokenId, userId: principal.userId });
      if (token) await this.revokeFamily(tx, token.familyId);
    });
    return true;
  }

  private async revokeFamily(tx: EntityManager, familyId: string): Promise<void> {
    await tx.getRepository(SessionRecord).update({ familyId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  private async issue(
    tx: EntityManager,
    user: User,
    bin: string | null,
    access: SessionAccess,
    familyId: string,
  ): Promise<Session> {
    const now = this.clock.now();
    const token = await this.tokens.sign({ userId: user.id, iin: user.iin, ...access }, now);
    const refresh = newRefreshToken();
    await tx.getRepository(SessionRecord).insert({
      familyId,
      userId: user.id,
      bin,
      tokenHash: refresh.hash,
      accessTokenId: token.tokenId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + REFRESH_TTL_MS),
      rotatedAt: null,
      revokedAt: null,
    });
    return {
      accessToken: token.token,
      refreshToken: refresh.token,
      expiresAt: token.expiresAt,
      user,
      needsEmail: !user.email,
    };
  }

  /** The person as the certificate names them, created at first sign-in. */
  private async findOrCreateUser(tx: EntityManager, signer: CertificateSubject): Promise<User> {
    const repo = tx.getRepository(User);
    const surname = signer.surname ?? signer.commonName ?? '';
    const givenName = signer.givenName ?? '';
    await repo
      .createQueryBuilder()
      .insert()
      .values({
        iin: signer.iin,
        surname,
        givenName,
        patronymic: signer.patronymic,
        fullName: [surname, givenName, signer.patronymic].filter(Boolean).join(' '),
      })
      .orIgnore()
      .execute();
    return repo.findOneByOrFail({ iin: signer.iin });
  }
}
