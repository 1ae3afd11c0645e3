import { ConfigError } from '@kezek/config';
import { DomainError, ERROR_MESSAGES, ErrorCode, Messages, renderMessages } from '@kezek/errors';
import { DEFAULT_POLICY, PortalPolicy } from '@kezek/policy';
import { Portals } from './portals';

const codes = Object.keys(ERROR_MESSAGES) as ErrorCode[];
/** Whether every language states the number (as a whole number, not a digit of another). */
const mentions = (m: Messages, shown: string) => {
  const number = new RegExp(`(^|\\D)${shown}(\\D|$)`);
  return [m.kk, m.ru, m.en].every((text) => number.test(text));
};

/** The notifications' settings: no refusal states them (they are checked in services/notifications). */
type NoticeSetting = 'offerWindowFromDelivery' | 'smsQuietHours' | 'referralReminder';

/** Each setting overridden to a value no default shows, and the text that value puts in a message. */
const OVERRIDES: { [K in Exclude<keyof PortalPolicy, NoticeSetting>]: { value: PortalPolicy[K]; shown: string } } = {
  queueMaxAgeYears: { value: 5, shown: '5' },
  offerMinAgeYears: { value: 4, shown: '4' },
  interleave: { value: { firstPriority: 2, general: 7 }, shown: '2 : 7' },
  offerWindowWorkingDays: { value: 8, shown: '8' },
  referralValidityWorkingDays: { value: 12, shown: '12' },
  extensionsAllowed: { value: 3, shown: '3' },
  extensionMaxCalendarDays: { value: 45, shown: '45' },
  revocationWindowHours: { value: 48, shown: '48' },
  stopListWorkingDays: { value: 15, shown: '15' },
  expiredReferralsBeforeRemoval: { value: 6, shown: '6' },
  privilegeDocumentMaxAgeCalendarDays: { value: 14, shown: '14' },
};

describe('PORTAL_POLICIES: every number of RULES.md per portal', () => {
  it('serves the frozen defaults of RULES.md to every portal unless configured', () => {
    const portals = Portals.fromEnv(undefined, undefined);
    for (const portal of portals.all) expect(portal.policy).toBe(DEFAULT_POLICY);
    expect(Object.isFrozen(DEFAULT_POLICY) && Object.isFrozen(DEFAULT_POLICY.interleave)).toBe(true);
    expect(DEFAULT_POLICY).toEqual({
      queueMaxAgeYears: 6,
      offerMinAgeYears: 2,
      interleave: { firstPriority: 1, general: 3 },
      offerWindowWorkingDays: 3,
      referralValidityWorkingDays: 5,
      extensionsAllowed: 1,
      extensionMaxCalendarDays: 30,
      revocationWindowHours: 24,
      stopListWorkingDays: 10,
      expiredReferralsBeforeRemoval: 2,
      privilegeDocumentMaxAgeCalendarDays: 10,
      offerWindowFromDelivery: false,
      smsQuietHours: { from: 22, to: 8 },
      referralReminder: { daysBefore: 1, atHour: 10 },
    });
  });

  it.each(Object.keys(OVERRIDES) as (keyof typeof OVERRIDES)[])(
    "%s overridden for almaty shows in almaty's messages and not in astana's",
    (setting) => {
      const { value, shown } = OVERRIDES[setting];
      const portals = Portals.fromEnv(undefined, JSON.stringify({ almaty: { [setting]: value } }));
      const almaty = portals.find('almaty')!.policy;
      const astana = portals.find('astana')!.policy;
      expect(almaty[setting]).toEqual(value);
      expect(astana).toBe(DEFAULT_POLICY);
      expect(Object.isFrozen(almaty)).toBe(true);
      const changed = codes.filter(
        (c) => JSON.stringify(renderMessages(c, almaty)) !== JSON.stringify(renderMessages(c, astana)),
      );
      expect(changed.length).toBeGreaterThan(0);
      const defaultShown = setting === 'interleave' ? '1 : 3' : String(DEFAULT_POLICY[setting]);
      for (const code of changed) {
        expect(mentions(renderMessages(code, almaty), shown)).toBe(true);
        expect(mentions(renderMessages(code, astana), shown)).toBe(false);
        expect(mentions(renderMessages(code, astana), defaultShown)).toBe(true);
      }
    },
  );

  it('builds a refusal with the messages of the policy it was checked against', () => {
    const almaty = Portals.fromEnv(undefined, '{"almaty":{"revocationWindowHours":48}}').find('almaty')!.policy;
    const refusal = new DomainError('REVOCATION_WINDOW_CLOSED', undefined, undefined, almaty);
    expect(refusal.messages.en).toBe('A referral can be revoked only within 48 hours of issue.');
    expect(refusal.messages.ru).toBe('Отозвать направление можно только в течение 48 часов после выдачи.');
    expect(refusal.messages.kk).toContain('48 сағат');
    expect(refusal.message).toBe(refusal.messages.en);
    expect(new DomainError('REVOCATION_WINDOW_CLOSED', undefined, undefined, DEFAULT_POLICY).messages.en).toBe(
      'A referral can be revoked only within 24 hours of issue.',
    );
  });

  it('agrees Russian nouns with the number', () => {
    const ru = (overrides: Partial<PortalPolicy>, code: ErrorCode) =>
      renderMessages(code, { ...DEFAULT_POLICY, ...overrides }).ru;
    expect(ru({ extensionMaxCalendarDays: 1 }, 'EXTENSION_TOO_LONG')).toContain('на 1 календарный день');
    expect(ru({ extensionMaxCalendarDays: 3 }, 'EXTENSION_TOO_LONG')).toContain('на 3 календарных дня');
    expect(ru({ extensionMaxCalendarDays: 11 }, 'EXTENSION_TOO_LONG')).toContain('на 11 календарных дней');
    expect(ru({ revocationWindowHours: 21 }, 'REVOCATION_WINDOW_CLOSED')).toContain('21 часа');
    expect(ru({ queueMaxAgeYears: 6 }, 'CHILD_TOO_OLD')).toContain('до 6 лет');
    expect(ru({ offerMinAgeYears: 2 }, 'CHILD_TOO_YOUNG')).toContain('2 полных года');
    expect(renderMessages('OFFER_WINDOW_CLOSED', { ...DEFAULT_POLICY, offerWindowWorkingDays: 1 }).en).toContain(
      '(1 working day)',
    );
  });

  it('refuses a bad setting before boot, naming the variable, the portal and the setting', () => {
    const attempt = (json: string) => () => Portals.fromEnv(undefined, json);
    const cases: Array<[string, RegExp]> = [
      ['{not json', /PORTAL_POLICIES: must be JSON/],
      ['{"almaty":{"offerWindowWorkingDays":0}}', /PORTAL_POLICIES: almaty\.offerWindowWorkingDays /],
      ['{"almaty":{"revocationWindowHours":1.5}}', /PORTAL_POLICIES: almaty\.revocationWindowHours /],
      ['{"almaty":{"interleave":{"firstPriority":1}}}', /PORTAL_POLICIES: almaty\.interleave\.general /],
      ['{"almaty":{"offerWindowDays":3}}', /PORTAL_POLICIES: almaty .*offerWindowDays/],
      ['{"shymkent":{"stopListWorkingDays":5}}', /PORTAL_POLICIES: shymkent: no such portal/],
      ['{"aktobe":{"offerMinAgeYears":5,"queueMaxAgeYears":4}}', /PORTAL_POLICIES: aktobe\.offerMinAgeYears: /],
    ];
    for (const [json, problem] of cases) {
      expect(attempt(json)).toThrow(ConfigError);
      expect(attempt(json)).toThrow(problem);
    }
  });

  it('applies policies to the portals PORTALS configures', () => {
    const portals = Portals.fromEnv(
      JSON.stringify([{ id: 'shymkent', name: { kk: 'Шымкент', ru: 'Шымкент' }, regionIds: ['shymkent'] }]),
      '{"shymkent":{"stopListWorkingDays":5}}',
    );
    expect(portals.find('shymkent')!.policy.stopListWorkingDays).toBe(5);
  });
});
