import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@kezek/clock';
import { isDomainError } from '@kezek/errors';
import { EmailConfirmationToSend, IdentityApiClient, PersonContacts } from '@kezek/identity-api';
import { DEFAULT_POLICY, PortalPolicy } from '@kezek/policy';
import { Portals } from '@kezek/portals';
import { NoticeFacts } from '@kezek/queue-api';
import { VacanciesApiClient } from '@kezek/vacancies-api';
import { Claimed, DeliveryService } from '../delivery/delivery.service';
import { GroupCommit } from '../notification/group-commit';
import { Channel } from '../notification/models/channel.enum';
import { DeliveryStatus } from '../notification/models/delivery-status.enum';
import { NoticeKind, NoticeLanguage } from '../notification/models/notice-kind';
import { NotificationPreference } from '../notification/notification-preference.entity';
import { renderNotice } from './notice-templates';
import { ALL_CHANNELS, deliveriesFor, idempotencyKey, NoticeSpec, noticeLanguage, smsNotBefore } from './notice.rules';

/** One notice to insert: a person, a channel, the rendered text and where delivery starts. */
interface NoticeRow {
  key: string;
  userId: string;
  channel: Channel;
  address: string | null;
  language: NoticeLanguage;
  title: string;
  body: string;
  status: DeliveryStatus;
  notBefore: Date | null;
}

/** A person's channels and language, as the notices need them. */
type Preference = Pick<NotificationPreference, 'userId' | 'language' | 'email' | 'sms' | 'inApp'>;

/** What the notices are about, as every row of an event records it. */
interface About {
  kind: NoticeKind;
  applicationId?: string;
  referralId?: string;
  offerId?: string;
  regionId?: string;
}

/** An event's rows to insert, with when it was written. */
interface Written {
  source: string;
  about: About;
  rows: NoticeRow[];
  now: Date;
}

/** A row of an event to send: claimed by the insert (tag null) or left waiting for a job of that tag. */
type Found = Claimed & { tag: string | null };

/**
 * Turns one event (or reminder) into its notices: each applicant (R9) in their language on their
 * channels. Every row carries its idempotency key and is inserted once (a redelivered event adds
 * nothing); the sends due at once are claimed by the insert and sent here, and every other send
 * of the source still waiting is enqueued, so a crash between the insert and the send is made
 * good by the redelivery.
 */
@Injectable()
export class NoticeWriter {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly portals: Portals,
    private readonly identity: IdentityApiClient,
    private readonly vacancies: VacanciesApiClient,
    private readonly delivery: DeliveryService,
  ) {}

  /** The contacts of the applicants of concurrent events, asked of identity by one call. */
  private readonly contacts = new GroupCommit<string[], PersonContacts[]>(async (asked) => {
    const found = await this.identity.contacts([...new Set(asked.flat())]);
    const byId = new Map(found.map((p) => [p.id, p]));
    return asked.map((ids) => ids.flatMap((id) => byId.get(id) ?? []));
  });

  /** The preferences of the applicants of concurrent events, read by one statement (no query builder per batch). */
  private readonly preferences = new GroupCommit<string[], Preference[]>(async (asked) => {
    const found: Preference[] = await this.db.query(
      `SELECT user_id AS "userId", language, email, sms, in_app AS "inApp"
         FROM notifications.notification_preference WHERE user_id = ANY($1::uuid[])`,
      [[...new Set(asked.flat())]],
    );
    const byUser = new Map(found.map((p) => [p.userId, p]));
    return asked.map((ids) => ids.flatMap((id) => byUser.get(id) ?? []));
  });

  policyOf(facts: NoticeFacts): PortalPolicy {
    return this.portals.find(facts.application.portalId)?.policy ?? DEFAULT_POLICY;
  }

  async write(source: string, spec: NoticeSpec, facts: NoticeFacts): Promise<void> {
    const app = facts.application;
    const [people, preferences, kindergarten] = await Promise.all([
      this.contacts.run(app.applicantIds),
      this.preferences.run(app.applicantIds),
      this.kindergartenOf(facts),
    ]);
    const now = this.clock.now();
    const smsAt = smsNotBefore(now, this.policyOf(facts).smsQuietHours);
    const text = {
      child: app.childFullName,
      number: app.number,
      referral: facts.referral?.number,
      kindergarten,
      deadline: spec.deadline,
      // R18's refusal may come without the date; the application holds it.
      stopListUntil: spec.stopListUntil ?? app.onStopListUntil ?? undefined,
    };
    // Someone identity does not know (yet) still gets the in-app notice; an e-mail due to them fails visibly.
    const recipients = app.applicantIds.map(
      (id) => people.find((p) => p.id === id) ?? { id, fullName: '', email: null, phone: null },
    );
    const rows: NoticeRow[] = recipients.flatMap((person) => {
      const preference = preferences.find((p) => p.userId === person.id);
      const language = noticeLanguage(preference?.language, app.language);
      const notice = renderNotice(spec.kind, language, text);
      return deliveriesFor(spec.kind, preference ?? ALL_CHANNELS, person).map((d) => ({
        key: idempotencyKey(source, person.id, d.channel),
        userId: person.id,
        channel: d.channel,
        address: d.address,
        language,
        ...notice,
        // In-app is there once written; an e-mail without an address can never go.
        status:
          d.channel === Channel.IN_APP
            ? DeliveryStatus.DELIVERED
            : d.address === null
              ? DeliveryStatus.FAILED
              : DeliveryStatus.QUEUED,
        notBefore: d.channel === Channel.SMS ? smsAt : null,
      }));
    });
    await this.insertAndSend(
      source,
      {
        kind: spec.kind,
        applicationId: app.id,
        referralId: spec.referralId,
        offerId: spec.offerId,
        regionId: app.regionId,
      },
      rows,
      now,
    );
  }

  /**
   * The code that confirms an e-mail (identity's EmailConfirmationRequested): one e-mail to that
   * address in the person's language, nothing in-app or by SMS. A code no longer to send
   * (confirmed, expired, replaced by a newer one) is not sent.
   */
  async writeEmailConfirmation(source: string, confirmationId: string): Promise<void> {
    let toSend: EmailConfirmationToSend;
    try {
      toSend = await this.identity.emailConfirmation(confirmationId);
    } catch (e) {
      if (isDomainError(e) && e.code === 'NOT_FOUND') return;
      throw e;
    }
    const preference = await this.db.getRepository(NotificationPreference).findOneBy({ userId: toSend.userId });
    const language = noticeLanguage(preference?.language, null);
    const notice = renderNotice(NoticeKind.EMAIL_CONFIRMATION, language, {
      child: '',
      number: '',
      code: toSend.code,
      deadline: new Date(toSend.expiresAt),
    });
    await this.insertAndSend(
      source,
      { kind: NoticeKind.EMAIL_CONFIRMATION },
      [
        {
          key: idempotencyKey(source, toSend.userId, Channel.EMAIL),
          userId: toSend.userId,
          channel: Channel.EMAIL,
          address: toSend.email,
          language,
          ...notice,
          status: DeliveryStatus.QUEUED,
          notBefore: null,
        },
      ],
      this.clock.now(),
    );
  }

  /**
   * Inserts the rows new now, those due at once already claimed (in flight under the lease: the
   * notice and its key are recorded before the provider is called), and sends them; enqueues the
   * sends of the source a first delivery of the event left waiting (a crash before the send, or
   * during it once the lease is over: the job reconciles).
   */
  private async insertAndSend(source: string, about: About, rows: NoticeRow[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    const found = await this.inserts.run({ source, about, rows, now });
    const waiting = found.flatMap((f) => (f.tag === null ? [] : [{ id: f.id, tag: f.tag }]));
    await this.delivery.enqueue(waiting);
    await this.delivery.sendClaimed(found.filter((f) => f.tag === null));
  }

  /**
   * The rows of concurrent events inserted by one statement, answered per event: its rows claimed
   * by the insert (tag null) and those of its source left waiting (tagged for their job). Rows
   * inserted by a statement are not visible to its own SELECT. An event twice in one batch (a
   * redelivery) gets its answer once: nothing is claimed for two senders.
   */
  private readonly inserts = new GroupCommit<Written, Found[]>(async (events) => {
    const rows = events.flatMap((e) => e.rows.map((r) => ({ ...r, ...e.about, source: e.source, now: e.now })));
    const found: Array<Found & { source: string }> = await this.db.query(
      `WITH inserted AS (
       INSERT INTO notifications.notification
         (idempotency_key, source, user_id, channel, address, language, title, body, status, not_before,
          kind, application_id, referral_id, offer_id, region_id, created_at,
          delivered_at, failed_at, last_error, in_flight, lease_until, attempts)
       SELECT r.key, r.source, r.user_id, r.channel, r.address, r.language, r.title, r.body, r.status, r.not_before,
              r.kind, r.application_id, r.referral_id, r.offer_id, r.region_id, r.now,
              CASE WHEN r.status = 'DELIVERED' THEN r.now END,
              CASE WHEN r.status = 'FAILED' THEN r.now END,
              CASE WHEN r.status = 'FAILED' THEN 'NO_ADDRESS: the person gave no e-mail' END,
              r.due, CASE WHEN r.due THEN clock_timestamp() + ${this.delivery.lease} END, CASE WHEN r.due THEN 1 ELSE 0 END
         FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                     $9::text[], $10::timestamptz[], $11::text[], $12::uuid[], $13::uuid[], $14::uuid[], $15::text[],
                     $16::timestamptz[])
           AS u(key, source, user_id, channel, address, language, title, body, status, not_before,
                kind, application_id, referral_id, offer_id, region_id, now),
              LATERAL (SELECT u.*, u.status = 'QUEUED' AND (u.not_before IS NULL OR u.not_before <= u.now) AS due) r
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, source, channel, address, title, body, idempotency_key, in_flight
     )
     SELECT id, source, channel, address, title, body, idempotency_key, false AS was_in_flight, NULL AS tag
       FROM inserted WHERE in_flight
     UNION ALL
     SELECT n.id, n.source, n.channel, n.address, n.title, n.body, n.idempotency_key, n.in_flight,
            CASE WHEN n.in_flight THEN 'crashed-' || n.attempts ELSE 'new' END
       FROM notifications.notification n
       JOIN unnest($17::text[], $18::timestamptz[]) AS e(source, now) ON n.source = e.source
      WHERE n.status = 'QUEUED' AND (n.not_before IS NULL OR n.not_before <= e.now)
        AND (NOT n.in_flight OR n.lease_until < clock_timestamp())`,
      [
        rows.map((r) => r.key),
        rows.map((r) => r.source),
        rows.map((r) => r.userId),
        rows.map((r) => r.channel),
        rows.map((r) => r.address),
        rows.map((r) => r.language),
        rows.map((r) => r.title),
        rows.map((r) => r.body),
        rows.map((r) => r.status),
        rows.map((r) => r.notBefore),
        rows.map((r) => r.kind),
        rows.map((r) => r.applicationId ?? null),
        rows.map((r) => r.referralId ?? null),
        rows.map((r) => r.offerId ?? null),
        rows.map((r) => r.regionId ?? null),
        rows.map((r) => r.now),
        events.map((e) => e.source),
        events.map((e) => e.now),
      ],
    );
    const bySource = new Map<string, Found[]>(events.map((e) => [e.source, []]));
    for (const f of found) bySource.get(f.source)!.push(f);
    // The first event of a source takes its rows; a second of the same source takes none.
    return events.map((e) => {
      const mine = bySource.get(e.source) ?? [];
      bySource.delete(e.source);
      return mine;
    });
  });

  /** The kindergarten of the referral's group, as the registry names it now. */
  private async kindergartenOf(facts: NoticeFacts): Promise<{ kk: string; ru: string } | undefined> {
    if (!facts.referral) return undefined;
    const [group] = await this.vacancies.groups([facts.referral.groupId]);
    return group && { kk: group.kindergarten.nameKk, ru: group.kindergarten.nameRu };
  }
}
