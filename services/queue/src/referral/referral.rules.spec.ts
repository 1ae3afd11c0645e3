import { DEFAULT_POLICY } from '@kezek/policy';
import { GroupFacts } from '@kezek/vacancies-api';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { assertGroupFor, assertSeatFor, Choice, choiceOf, referralIdFor, referralNumber } from './referral.rules';

const NOW = new Date('2026-03-02T05:00:00Z');
const code = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  }
};
const child = (over: Partial<Parameters<typeof choiceOf>[0]> = {}) => ({
  status: ApplicationStatus.IN_QUEUE,
  onStopListUntil: null,
  childBirthDate: '2023-01-15',
  ...over,
});

describe('choosing a kindergarten (R10, R11, R16, R8)', () => {
  it('chooses from the open offer until its window ends, then refuses', () => {
    const offer = { expiresAt: new Date('2026-03-04T18:59:59.999Z') };
    const notified = child({ status: ApplicationStatus.NOTIFIED });
    expect(choiceOf(notified, offer, NOW, DEFAULT_POLICY)).toBe(Choice.OFFER);
    expect(choiceOf(notified, offer, offer.expiresAt, DEFAULT_POLICY)).toBe(Choice.OFFER);
    expect(code(() => choiceOf(notified, offer, new Date(offer.expiresAt.getTime() + 1), DEFAULT_POLICY))).toBe(
      'OFFER_WINDOW_CLOSED',
    );
    expect(code(() => choiceOf(notified, null, NOW, DEFAULT_POLICY))).toBe('OFFER_WINDOW_CLOSED');
  });

  it('lets a child in the queue choose among free seats once old enough and off the stop-list', () => {
    expect(choiceOf(child(), null, NOW, DEFAULT_POLICY)).toBe(Choice.FREE_CHOICE);
    expect(code(() => choiceOf(child({ childBirthDate: '2024-03-03' }), null, NOW, DEFAULT_POLICY))).toBe(
      'CHILD_TOO_YOUNG',
    );
    const until = new Date('2026-03-13T18:59:59.999Z');
    expect(code(() => choiceOf(child({ onStopListUntil: until }), null, until, DEFAULT_POLICY))).toBe('ON_STOP_LIST');
    expect(choiceOf(child({ onStopListUntil: until }), null, new Date(until.getTime() + 1), DEFAULT_POLICY)).toBe(
      Choice.FREE_CHOICE,
    );
  });

  it('refuses a child that holds a referral or left the queue', () => {
    for (const status of [
      ApplicationStatus.REFERRAL_ISSUED,
      ApplicationStatus.ENROLLED,
      ApplicationStatus.WITHDRAWN,
      ApplicationStatus.REMOVED,
    ])
      expect(code(() => choiceOf(child({ status }), null, NOW, DEFAULT_POLICY))).toBe('INVALID_STATE');
  });
});

describe('the group a child may take (R4, R15)', () => {
  const group = (over: Partial<GroupFacts['kindergarten']> = {}, groupYear = 2023): GroupFacts => ({
    id: '11111111-1111-4111-8111-111111111111',
    groupYear,
    language: 'KK',
    capacity: 20,
    freeSeats: 1,
    kindergarten: {
      id: '22222222-2222-4222-8222-222222222222',
      nameKk: 'Балабақша',
      nameRu: 'Сад',
      address: 'көше 1',
      phone: null,
      location: { lat: 51.1, lng: 71.4 },
      regionId: 'astana',
      districtId: 'astana-esil',
      isState: true,
      ...over,
    },
  });
  const mine = { groupYear: 2023, areaIds: ['astana'] };
  const none = new Set<string>();

  it('takes a state kindergarten of the queue area (the city or the district) and the group year', () => {
    expect(code(() => assertGroupFor(group(), mine, none))).toBeNull();
    expect(code(() => assertGroupFor(group(), { ...mine, areaIds: ['astana-esil'] }, none))).toBeNull();
    expect(code(() => assertGroupFor(group(), { ...mine, areaIds: ['astana-almaty'] }, none))).toBe(
      'KINDERGARTEN_NOT_AVAILABLE',
    );
    expect(code(() => assertGroupFor(group({}, 2022), mine, none))).toBe('KINDERGARTEN_NOT_AVAILABLE');
    expect(code(() => assertGroupFor(group({ isState: false }), mine, none))).toBe('KINDERGARTEN_NOT_AVAILABLE');
    expect(code(() => assertGroupFor(undefined, mine, none))).toBe('NOT_FOUND');
  });

  it('refuses a kindergarten blocked after a revoked referral', () => {
    const blocked = new Set(['22222222-2222-4222-8222-222222222222']);
    expect(code(() => assertGroupFor(group(), mine, blocked))).toBe('KINDERGARTEN_NOT_AVAILABLE');
  });
});

describe('a seat to choose (R11)', () => {
  it('refuses a free choice in a group without a free seat, before any claim', () => {
    expect(code(() => assertSeatFor(Choice.FREE_CHOICE, { freeSeats: 0 }))).toBe('NO_FREE_SEATS');
    expect(code(() => assertSeatFor(Choice.FREE_CHOICE, { freeSeats: 1 }))).toBeNull();
  });

  it('leaves an offer to its claim: the round holds seats the free count leaves out', () => {
    expect(code(() => assertSeatFor(Choice.OFFER, { freeSeats: 0 }))).toBeNull();
  });
});

describe('referral identity', () => {
  it('numbers a referral after its application', () => {
    expect(referralNumber('УО.2026.000123.1', 2)).toBe('УО.2026.000123.1/2');
  });

  it('derives the same UUID from the same signing request, another from another', () => {
    const a = referralIdFor('33333333-3333-4333-8333-333333333333');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(referralIdFor('33333333-3333-4333-8333-333333333333')).toBe(a);
    expect(referralIdFor('44444444-4444-4444-8444-444444444444')).not.toBe(a);
  });
});
