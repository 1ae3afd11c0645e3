import { Principal, Role } from '@kezek/auth';
import { DEFAULT_POLICY } from '@kezek/policy';
import { Privilege } from '../application/models/privilege.enum';
import {
  assertKindergartenStaffOf,
  assertPrivilegeDocumentsDate,
  assertReferralValid,
  nextNumberVersion,
} from './enrolment.rules';
import { ReferralStatus } from './models/referral-status.enum';

const KINDERGARTEN = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
const OTHER = '0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a';
// Requested 2026-03-02 10:00 in Almaty; "now" a day later.
const REQUESTED = new Date('2026-03-02T05:00:00Z');
const NOW = new Date('2026-03-03T05:00:00Z');
const code = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  }
};
const who = (roles: Role[], scopes?: Principal['scopes']): Principal => ({
  userId: 'u1',
  iin: '850130407002',
  roles,
  scopes,
  tokenId: 't',
});

describe('who enrols (R19)', () => {
  const referral = { kindergartenId: KINDERGARTEN };

  it('lets the staff of the referral’s kindergarten act', () => {
    const staff = who([Role.KINDERGARTEN_STAFF], { kindergartenIds: [OTHER, KINDERGARTEN] });
    expect(code(() => assertKindergartenStaffOf(staff, referral))).toBeNull();
  });

  it('refuses staff of another kindergarten, operators, admins and parents', () => {
    for (const p of [
      who([Role.KINDERGARTEN_STAFF], { kindergartenIds: [OTHER] }),
      who([Role.KINDERGARTEN_STAFF]),
      who([Role.DISTRICT_OPERATOR], { regionIds: ['astana'] }),
      who([Role.ADMIN]),
      who([Role.APPLICANT]),
      // A kindergarten scope counts only with the staff role.
      who([Role.APPLICANT], { kindergartenIds: [KINDERGARTEN] }),
    ])
      expect(code(() => assertKindergartenStaffOf(p, referral))).toBe('FORBIDDEN');
  });

  it('refuses everyone for a referral that names no kindergarten', () => {
    const staff = who([Role.KINDERGARTEN_STAFF], { kindergartenIds: [KINDERGARTEN] });
    expect(code(() => assertKindergartenStaffOf(staff, { kindergartenId: null }))).toBe('FORBIDDEN');
  });
});

describe('a referral still valid (R13, R16)', () => {
  const expiresAt = new Date('2026-03-06T18:59:59.999Z');

  it('is ISSUED and not past its expiry, to the millisecond', () => {
    expect(
      code(() => assertReferralValid({ status: ReferralStatus.ISSUED, expiresAt }, expiresAt, DEFAULT_POLICY)),
    ).toBeNull();
    const late = new Date(expiresAt.getTime() + 1);
    expect(code(() => assertReferralValid({ status: ReferralStatus.ISSUED, expiresAt }, late, DEFAULT_POLICY))).toBe(
      'REFERRAL_EXPIRED',
    );
  });

  it('refuses a referral that is closed', () => {
    for (const status of [ReferralStatus.ENROLLED, ReferralStatus.REVOKED, ReferralStatus.EXPIRED])
      expect(code(() => assertReferralValid({ status, expiresAt }, NOW, DEFAULT_POLICY))).toBe('INVALID_STATE');
  });
});

describe('privilege documents at enrolment (R18)', () => {
  const privileged = { privilege: Privilege.FIRST_PRIORITY, requestedAt: REQUESTED };
  const check = (issuedOn: string | null, referral = privileged) =>
    code(() => assertPrivilegeDocumentsDate(issuedOn, referral, NOW, DEFAULT_POLICY));

  it('accepts documents dated exactly the policy’s 10 calendar days before the request, refuses 11', () => {
    expect(check('2026-02-20')).toBeNull();
    expect(check('2026-02-19')).toBe('PRIVILEGE_DOCUMENT_TOO_OLD');
  });

  it('counts days in Almaty: a request at 00:30 Almaty is that Almaty day', () => {
    // 2026-03-01T19:30Z is 2026-03-02 00:30 in Almaty (UTC+5).
    const early = { ...privileged, requestedAt: new Date('2026-03-01T19:30:00Z') };
    expect(check('2026-02-20', early)).toBeNull();
    expect(check('2026-02-19', early)).toBe('PRIVILEGE_DOCUMENT_TOO_OLD');
  });

  it('accepts documents dated up to today, refuses a date in the future', () => {
    expect(check('2026-03-03')).toBeNull();
    expect(check('2026-03-04')).toBe('VALIDATION_FAILED');
  });

  it('needs the date for a privileged referral, and none without a privilege', () => {
    expect(check(null)).toBe('VALIDATION_FAILED');
    expect(check(null, { privilege: Privilege.OUT_OF_TURN, requestedAt: REQUESTED })).toBe('VALIDATION_FAILED');
    expect(check(null, { privilege: Privilege.NONE, requestedAt: REQUESTED })).toBeNull();
    expect(check('2020-01-01', { privilege: Privilege.NONE, requestedAt: REQUESTED })).toBeNull();
  });

  it('names the policy’s number in the refusal', () => {
    try {
      assertPrivilegeDocumentsDate('2026-01-01', privileged, NOW, DEFAULT_POLICY);
      throw new Error('not refused');
    } catch (e) {
      expect((e as { messages: { en: string } }).messages.en).toMatch(/10 calendar days/);
    }
  });
});

describe('re-registration: the next version of the number (R18)', () => {
  it('bumps the version and keeps the year and sequence', () => {
    expect(nextNumberVersion('УО.2026.000123.1')).toEqual({ number: 'УО.2026.000123.2', version: 2 });
    expect(nextNumberVersion('УО.2018.000027.9')).toEqual({ number: 'УО.2018.000027.10', version: 10 });
  });

  it('refuses what is not an application number', () => {
    for (const bad of ['УО.2026.000123', 'УО.2026.000123.1/1', 'X.2026.000123.1', ''])
      expect(() => nextNumberVersion(bad)).toThrow(RangeError);
  });
});
