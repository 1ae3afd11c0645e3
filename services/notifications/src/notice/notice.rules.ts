import { almatyDate, ALMATY_OFFSET_MINUTES } from '@kezek/clock';
import { PortalPolicy } from '@kezek/policy';
import { Channel } from '../notification/models/channel.enum';
import { NoticeKind, NoticeLanguage } from '../notification/models/notice-kind';

/** What one event of the queue tells the parents, read from its payload (ids and small facts). */
export interface NoticeSpec {
  kind: NoticeKind;
  applicationId: string;
  referralId?: string;
  offerId?: string;
  /** R10 window end, R13 expiry, R14 extension: the deadline the notice states. */
  deadline?: Date;
  stopListUntil?: Date;
  /** R13: the referral expires at `deadline`; a reminder is due the day before. */
  remindBefore?: boolean;
}

type Payload = Record<string, unknown>;
const str = (p: Payload, key: string) => (typeof p[key] === 'string' ? (p[key] as string) : undefined);
const date = (p: Payload, key: string) => (typeof p[key] === 'string' ? new Date(p[key] as string) : undefined);

/** The queue's events (services/queue/src/lifecycle/queue-events.ts) that a parent is told about; null for others. */
export function noticeFor(type: string, p: Payload): NoticeSpec | null {
  const applicationId = str(p, 'applicationId');
  if (!applicationId) return null;
  const referralId = str(p, 'referralId');
  switch (type) {
    case 'OfferMade':
      return { kind: NoticeKind.TURN_CAME, applicationId, offerId: str(p, 'offerId'), deadline: date(p, 'expiresAt') };
    case 'OfferWindowMoved':
      return {
        kind: NoticeKind.OFFER_WINDOW_MOVED,
        applicationId,
        offerId: str(p, 'offerId'),
        deadline: date(p, 'expiresAt'),
      };
    case 'ReferralIssued':
      return {
        kind: NoticeKind.REFERRAL_ISSUED,
        applicationId,
        referralId,
        deadline: date(p, 'expiresAt'),
        remindBefore: true,
      };
    case 'ReferralExtended':
      return {
        kind: NoticeKind.EXTENSION_ACCEPTED,
        applicationId,
        referralId,
        deadline: date(p, 'expiresAt'),
        remindBefore: true,
      };
    case 'ReferralRevoked':
      return { kind: NoticeKind.REVOCATION_ACCEPTED, applicationId, referralId };
    // R17: the second unused referral removes the child instead of a stop-list.
    case 'ReferralExpired':
      return p.removed === true
        ? { kind: NoticeKind.REMOVED_FROM_QUEUE, applicationId, referralId }
        : { kind: NoticeKind.REFERRAL_CANCELLED, applicationId, referralId, stopListUntil: date(p, 'stopListUntil') };
    // R18: refused documents cancel the referral as an expiry does (R16).
    case 'PrivilegeRefused':
      return {
        kind: NoticeKind.REFERRAL_CANCELLED,
        applicationId,
        referralId,
        stopListUntil: date(p, 'stopListUntil'),
      };
    case 'StopListReleased':
      return { kind: NoticeKind.STOP_LIST_OVER, applicationId };
    case 'ChildEnrolled':
      return { kind: NoticeKind.ENROLLED, applicationId, referralId };
    // R17's text names unused referrals as the cause: an operator's removal has its own.
    case 'ApplicationRemoved':
      return { kind: NoticeKind.REMOVED_BY_OPERATOR, applicationId, referralId };
    default:
      return null;
  }
}

/** Notices that carry a deadline the parent must act by: never on in-app alone. */
const DEADLINE_BEARING = new Set([
  NoticeKind.TURN_CAME,
  NoticeKind.REFERRAL_ISSUED,
  NoticeKind.REFERRAL_EXPIRES_TOMORROW,
  NoticeKind.EXTENSION_ACCEPTED,
  NoticeKind.REFERRAL_CANCELLED,
]);
export const isDeadlineBearing = (kind: NoticeKind) => DEADLINE_BEARING.has(kind);

/** Notices only the in-app feed carries: a later date than one already sent by e-mail or SMS. */
const IN_APP_ONLY = new Set([NoticeKind.OFFER_WINDOW_MOVED]);

/**
 * Whether a notice has nothing left to tell when its event is handled: a moved window of an offer
 * that is no longer open (the parent chose meanwhile, or the round closed).
 */
export function isMoot(kind: NoticeKind, offer: { status: string } | null): boolean {
  return kind === NoticeKind.OFFER_WINDOW_MOVED && offer?.status !== 'OPEN';
}

export interface ChannelChoice {
  email: boolean;
  sms: boolean;
  inApp: boolean;
}
export const ALL_CHANNELS: ChannelChoice = { email: true, sms: true, inApp: true };

/** Where one notice goes: the channels chosen that have an address; `address` null for in-app. */
export interface Delivery {
  channel: Channel;
  address: string | null;
}

/**
 * The channels of one notice to one person. An in-app-only notice goes in-app or nowhere. A
 * deadline-bearing notice goes by e-mail or SMS even when the person turned both off (e-mail
 * first, R9 makes it known); an e-mail without an address is still a delivery (it fails, visible
 * to operators), an SMS without a phone is none.
 */
export function deliveriesFor(
  kind: NoticeKind,
  chosen: ChannelChoice,
  contact: { email: string | null; phone: string | null },
): Delivery[] {
  if (IN_APP_ONLY.has(kind)) return chosen.inApp ? [{ channel: Channel.IN_APP, address: null }] : [];
  const forced = isDeadlineBearing(kind) && !chosen.email && !chosen.sms;
  const email = chosen.email || (forced && (contact.email !== null || contact.phone === null));
  const sms = (chosen.sms || (forced && !email)) && contact.phone !== null;
  const out: Delivery[] = [];
  if (chosen.inApp) out.push({ channel: Channel.IN_APP, address: null });
  if (email) out.push({ channel: Channel.EMAIL, address: contact.email });
  if (sms) out.push({ channel: Channel.SMS, address: contact.phone });
  return out;
}

/** The person's choice, else the application's language of instruction, else Kazakh. */
export function noticeLanguage(
  chosen: NoticeLanguage | null | undefined,
  applicationLanguage: string | null,
): NoticeLanguage {
  if (chosen) return chosen;
  return applicationLanguage === 'RU' || applicationLanguage === 'EN' || applicationLanguage === 'KK'
    ? applicationLanguage
    : 'KK';
}

const HOUR = 3600_000;

/** The instant of `hour`:00 Almaty time on the Almaty day `day` (YYYY-MM-DD). */
function almatyHour(day: string, hour: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + hour * HOUR - ALMATY_OFFSET_MINUTES * 60_000);
}

/**
 * When an SMS may go: now, unless it is within the portal's quiet hours in Almaty time; then at
 * their end. Null: send now. E-mail never waits.
 */
export function smsNotBefore(now: Date, quiet: PortalPolicy['smsQuietHours']): Date | null {
  if (quiet.from === quiet.to) return null;
  const day = almatyDate(now);
  const hour = (now.getTime() - almatyHour(day, 0).getTime()) / HOUR;
  const across = quiet.from > quiet.to; // e.g. 22 → 8
  const quietNow = across ? hour >= quiet.from || hour < quiet.to : hour >= quiet.from && hour < quiet.to;
  if (!quietNow) return null;
  const end = almatyHour(day, quiet.to);
  return end.getTime() > now.getTime() ? end : new Date(end.getTime() + 24 * HOUR);
}

/** R13: when "the referral expires tomorrow" is due: `daysBefore` calendar days before the expiry's Almaty day, at `atHour`. */
export function reminderDueAt(expiresAt: Date, reminder: PortalPolicy['referralReminder']): Date {
  const expiryDay = almatyHour(almatyDate(expiresAt), 0);
  return almatyHour(almatyDate(new Date(expiryDay.getTime() - reminder.daysBefore * 24 * HOUR)), reminder.atHour);
}

/** A reminder is still worth sending only before the expiry's own day begins ("tomorrow" must be true). */
export function reminderStillTrue(now: Date, expiresAt: Date): boolean {
  return almatyDate(now) < almatyDate(expiresAt) && now.getTime() < expiresAt.getTime();
}

/** One notice per event (or reminder), person and channel: the key recorded before any send. */
export const idempotencyKey = (source: string, userId: string, channel: Channel) => `${source}:${userId}:${channel}`;
