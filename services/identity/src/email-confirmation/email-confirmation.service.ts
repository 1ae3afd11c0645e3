import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { recordEvent } from '@kezek/outbox';
import { User } from '../user/user.entity';
import { EmailConfirmationRecord } from './email-confirmation.entity';
import {
  CODE_VALID_HOURS,
  EMAIL_CONFIRMATION_REQUESTED,
  needsNewCode,
  newCode,
  tryCode,
} from './email-confirmation.rules';

export const IDENTITY_SCHEMA = 'identity';

/**
 * R9's e-mail, confirmed: giving an e-mail (at first sign-in, or a new one later) sends a code to
 * it (the notifications service, from the event committed with the change); typing the code back
 * confirms that the person reads that mailbox, where every deadline will be told.
 */
@Injectable()
export class EmailConfirmationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Sets the contacts; an e-mail not yet confirmed gets a code unless a usable one was just sent to it (a retry). */
  setContacts(userId: string, contacts: { email: string; phone?: string | null }): Promise<User> {
    return this.db.transaction(async (tx) => {
      const user = await this.lockedUser(tx, userId);
      const now = this.clock.now();
      const latest = await this.latest(tx, userId);
      const sendCode = needsNewCode(contacts.email, user, latest, now);
      await tx
        .getRepository(User)
        .update(userId, { ...contacts, ...(contacts.email !== user.email ? { emailConfirmedAt: null } : {}) });
      if (sendCode) {
        const id = randomUUID();
        await tx.getRepository(EmailConfirmationRecord).insert({
          id,
          userId,
          email: contacts.email,
          code: newCode(),
          createdAt: now,
          expiresAt: new Date(now.getTime() + CODE_VALID_HOURS * 3_600_000),
          attempts: 0,
          confirmedAt: null,
        });
        // Ids only: the notifications service asks identity for the address and the code.
        await recordEvent(tx, IDENTITY_SCHEMA, {
          type: EMAIL_CONFIRMATION_REQUESTED,
          aggregateId: userId,
          payload: { userId, confirmationId: id },
          occurredAt: now,
        });
      }
      return tx.getRepository(User).findOneByOrFail({ id: userId });
    });
  }

  /** Confirms the person's current e-mail with the code sent to it; a retry with the same code answers the same. */
  async confirm(userId: string, typed: string): Promise<User> {
    // A wrong try is counted (and committed) even though the call is refused.
    const outcome = await this.db.transaction(async (tx) => {
      const user = await this.lockedUser(tx, userId);
      const now = this.clock.now();
      const latest = await this.latest(tx, userId);
      const result = tryCode(latest, typed, user.email, now);
      if (result === 'CONFIRMED') {
        await tx.getRepository(EmailConfirmationRecord).update(latest!.id, { confirmedAt: now });
        await tx.getRepository(User).update(userId, { emailConfirmedAt: now });
      }
      if (result === 'WRONG')
        await tx.getRepository(EmailConfirmationRecord).increment({ id: latest!.id }, 'attempts', 1);
      return result;
    });
    if (outcome === 'WRONG' || outcome === 'UNUSABLE')
      throw new DomainError('EMAIL_CONFIRMATION_INVALID', 'the code is wrong, spent or not for the current e-mail');
    return this.db.getRepository(User).findOneByOrFail({ id: userId });
  }

  /** What the notifications service sends for one event: the code and its address, while it is the one to send. */
  async toSend(confirmationId: string): Promise<EmailConfirmationRecord | null> {
    const c = await this.db.getRepository(EmailConfirmationRecord).findOneBy({ id: confirmationId });
    if (!c || c.confirmedAt || c.expiresAt <= this.clock.now()) return null;
    const latest = await this.latest(this.db.manager, c.userId);
    return latest?.id === c.id ? c : null;
  }

  private async lockedUser(tx: EntityManager, userId: string): Promise<User> {
    const user = await tx.getRepository(User).findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new DomainError('NOT_FOUND', 'no such person');
    return user;
  }

  private latest(manager: EntityManager, userId: string): Promise<EmailConfirmationRecord | null> {
    return manager.getRepository(EmailConfirmationRecord).findOne({ where: { userId }, order: { seq: 'DESC' } });
  }
}
