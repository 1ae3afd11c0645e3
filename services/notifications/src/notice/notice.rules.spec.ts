import { DEFAULT_POLICY } from '@kezek/policy';
import { Channel } from '../notification/models/channel.enum';
import { NoticeKind } from '../notification/models/notice-kind';
import {
  ALL_CHANNELS,
  deliveriesFor,
  isMoot,
  noticeFor,
  noticeLanguage,
  reminderDueAt,
  reminderStillTrue,
  smsNotBefore,
} from './notice.rules';

const APP = '0b4c3a52-6f0e-4d0e-9a36-1b1c1d1e1f10';
const REF = '1b4c3a52-6f0e-4d0e-9a36-1b1c1d1e1f11';

describe('which event tells what', () => {
  it('maps each lifecycle event to its notice with the deadline it states', () => {
    expect(noticeFor('OfferMade', { applicationId: APP, offerId: REF, expiresAt: '2026-03-05T18:59:59.999Z' })).toEqual(
      {
        kind: NoticeKind.TURN_CAME,
        applicationId: APP,
        offerId: REF,
        deadline: new Date('2026-03-05T18:59:59.999Z'),
      },
    );
    expect(
      noticeFor('OfferWindowMoved', { applicationId: APP, offerId: REF, expiresAt: '2026-03-06T18:59:59.999Z' }),
    ).toEqual({
      kind: NoticeKind.OFFER_WINDOW_MOVED,
      applicationId: APP,
      offerId: REF,
      deadline: new Date('2026-03-06T18:59:59.999Z'),
    });
    expect(
      noticeFor('ReferralIssued', { applicationId: APP, referralId: REF, expiresAt: '2026-03-05T18:59:59.999Z' }),
    ).toMatchObject({ kind: NoticeKind.REFERRAL_ISSUED, referralId: REF, remindBefore: true });
    expect(
      noticeFor('ReferralExtended', { applicationId: APP, referralId: REF, expiresAt: '2026-03-05T18:59:59.999Z' }),
    ).toMatchObject({ kind: NoticeKind.EXTENSION_ACCEPTED, remindBefore: true });
    expect(noticeFor('ReferralRevoked', { applicationId: APP, referralId: REF })!.kind).toBe(
      NoticeKind.REVOCATION_ACCEPTED,
    );
    expect(
      noticeFor('ReferralExpired', {
        applicationId: APP,
        referralId: REF,
        removed: false,
        stopListUntil: '2026-03-19T18:59:59.999Z',
      }),
    ).toMatchObject({ kind: NoticeKind.REFERRAL_CANCELLED, stopListUntil: new Date('2026-03-19T18:59:59.999Z') });
    expect(
      noticeFor('ReferralExpired', { applicationId: APP, referralId: REF, removed: true, stopListUntil: null })!.kind,
    ).toBe(NoticeKind.REMOVED_FROM_QUEUE);
    expect(
      noticeFor('PrivilegeRefused', { applicationId: APP, referralId: REF, stopListUntil: '2026-03-19T18:59:59.999Z' })!
        .kind,
    ).toBe(NoticeKind.REFERRAL_CANCELLED);
    expect(noticeFor('StopListReleased', { applicationId: APP })!.kind).toBe(NoticeKind.STOP_LIST_OVER);
    expect(noticeFor('ChildEnrolled', { applicationId: APP, referralId: REF })!.kind).toBe(NoticeKind.ENROLLED);
    expect(noticeFor('ApplicationRemoved', { applicationId: APP, referralId: null })).toEqual({
      kind: NoticeKind.REMOVED_BY_OPERATOR,
      applicationId: APP,
      referralId: undefined,
    });
  });

  it('tells of a moved window only while its offer is open', () => {
    expect(isMoot(NoticeKind.OFFER_WINDOW_MOVED, { status: 'OPEN' })).toBe(false);
    expect(isMoot(NoticeKind.OFFER_WINDOW_MOVED, { status: 'ACCEPTED' })).toBe(true);
    expect(isMoot(NoticeKind.OFFER_WINDOW_MOVED, { status: 'LAPSED' })).toBe(true);
    expect(isMoot(NoticeKind.OFFER_WINDOW_MOVED, null)).toBe(true);
    expect(isMoot(NoticeKind.TURN_CAME, { status: 'ACCEPTED' })).toBe(false);
  });

  it('tells nothing of a free-choice publication (R11) or an unknown event', () => {
    expect(noticeFor('OfferRoundClosed', { roundId: 'r' })).toBeNull();
    expect(noticeFor('OfferRoundOpened', { applicationId: APP })).toBeNull();
  });
});

describe('channels', () => {
  const both = { email: 'a@b.kz', phone: '+77011234567' };

  it('sends on every chosen channel that has an address', () => {
    expect(deliveriesFor(NoticeKind.ENROLLED, ALL_CHANNELS, both).map((d) => d.channel)).toEqual([
      Channel.IN_APP,
      Channel.EMAIL,
      Channel.SMS,
    ]);
    expect(
      deliveriesFor(NoticeKind.ENROLLED, ALL_CHANNELS, { email: 'a@b.kz', phone: null }).map((d) => d.channel),
    ).toEqual([Channel.IN_APP, Channel.EMAIL]);
    expect(deliveriesFor(NoticeKind.ENROLLED, { email: false, sms: false, inApp: true }, both)).toEqual([
      { channel: Channel.IN_APP, address: null },
    ]);
  });

  it('keeps e-mail (else SMS) on for a deadline-bearing notice when the person turned both off', () => {
    const off = { email: false, sms: false, inApp: true };
    expect(deliveriesFor(NoticeKind.TURN_CAME, off, both)).toEqual([
      { channel: Channel.IN_APP, address: null },
      { channel: Channel.EMAIL, address: 'a@b.kz' },
    ]);
    expect(deliveriesFor(NoticeKind.REFERRAL_ISSUED, off, { email: null, phone: '+77011234567' })).toEqual([
      { channel: Channel.IN_APP, address: null },
      { channel: Channel.SMS, address: '+77011234567' },
    ]);
    // No address at all: the e-mail is still a delivery, which fails where operators see it.
    expect(deliveriesFor(NoticeKind.TURN_CAME, off, { email: null, phone: null })).toEqual([
      { channel: Channel.IN_APP, address: null },
      { channel: Channel.EMAIL, address: null },
    ]);
  });

  it('tells of a window moved to delivery in-app only, or not at all when in-app is off', () => {
    expect(deliveriesFor(NoticeKind.OFFER_WINDOW_MOVED, ALL_CHANNELS, both)).toEqual([
      { channel: Channel.IN_APP, address: null },
    ]);
    expect(deliveriesFor(NoticeKind.OFFER_WINDOW_MOVED, { email: true, sms: true, inApp: false }, both)).toEqual([]);
  });

  it("writes in the person's language, else the application's language of instruction, else Kazakh", () => {
    expect(noticeLanguage('EN', 'RU')).toBe('EN');
    expect(noticeLanguage(null, 'RU')).toBe('RU');
    expect(noticeLanguage(null, 'OTHER')).toBe('KK');
    expect(noticeLanguage(undefined, null)).toBe('KK');
  });
});

describe('time of sending (Almaty, UTC+5)', () => {
  const quiet = DEFAULT_POLICY.smsQuietHours;
  const at = (almaty: string) => new Date(`${almaty}+05:00`);

  it('holds an SMS between 22:00 and 08:00 until 08:00, and sends it at once by day', () => {
    expect(smsNotBefore(at('2026-03-02T21:59:59'), quiet)).toBeNull();
    expect(smsNotBefore(at('2026-03-02T22:00:00'), quiet)).toEqual(at('2026-03-03T08:00:00'));
    expect(smsNotBefore(at('2026-03-03T03:30:00'), quiet)).toEqual(at('2026-03-03T08:00:00'));
    expect(smsNotBefore(at('2026-03-03T08:00:00'), quiet)).toBeNull();
    expect(smsNotBefore(at('2026-03-03T03:30:00'), { from: 0, to: 0 })).toBeNull();
    expect(smsNotBefore(at('2026-03-03T13:30:00'), { from: 13, to: 14 })).toEqual(at('2026-03-03T14:00:00'));
  });

  it('reminds the day before the expiry day at the set hour, and only while "tomorrow" is true', () => {
    const expiresAt = at('2026-03-12T23:59:59.999');
    expect(reminderDueAt(expiresAt, DEFAULT_POLICY.referralReminder)).toEqual(at('2026-03-11T10:00:00'));
    expect(reminderDueAt(expiresAt, { daysBefore: 2, atHour: 9 })).toEqual(at('2026-03-10T09:00:00'));
    expect(reminderStillTrue(at('2026-03-11T10:00:00'), expiresAt)).toBe(true);
    expect(reminderStillTrue(at('2026-03-12T00:00:00'), expiresAt)).toBe(false);
  });
});
