import { Principal, Role } from '@kezek/auth';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { ApplicationStatus } from './models/application-status.enum';
import { assertRemovable, removalInput } from './removal.rules';

const astana = DEFAULT_PORTALS.find((p) => p.id === 'astana')!;
const almaty = DEFAULT_PORTALS.find((p) => p.id === 'almaty')!;
const person = (roles: Role[], regionIds?: string[], userId = 'u1'): Principal => ({
  userId,
  iin: '850130407002',
  roles,
  scopes: { regionIds },
  tokenId: 't',
});
const operator = person([Role.DISTRICT_OPERATOR], ['astana']);
const admin = person([Role.ADMIN]);
const parent = person([Role.APPLICANT], undefined, 'p1');
const app = (status: ApplicationStatus) => ({ applicantIds: ['p1'], regionId: 'astana', status });
const code = (f: () => void) => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('removal from the queue by an operator', () => {
  it("lets the region's operator and an ADMIN remove a child that waits for or holds a seat", () => {
    for (const status of [ApplicationStatus.IN_QUEUE, ApplicationStatus.NOTIFIED, ApplicationStatus.REFERRAL_ISSUED]) {
      expect(code(() => assertRemovable(app(status), operator, astana))).toBeNull();
      expect(code(() => assertRemovable(app(status), admin, astana))).toBeNull();
    }
  });

  it('passes a removed application, so that a retry answers instead of failing', () => {
    expect(code(() => assertRemovable(app(ApplicationStatus.REMOVED), operator, astana))).toBeNull();
  });

  it('refuses the final states with INVALID_STATE', () => {
    expect(code(() => assertRemovable(app(ApplicationStatus.ENROLLED), operator, astana))).toBe('INVALID_STATE');
    expect(code(() => assertRemovable(app(ApplicationStatus.WITHDRAWN), admin, astana))).toBe('INVALID_STATE');
  });

  it('hides the application from an operator of another region and other portals, and refuses its parent', () => {
    const elsewhere = person([Role.DISTRICT_OPERATOR], ['almaty']);
    expect(code(() => assertRemovable(app(ApplicationStatus.IN_QUEUE), elsewhere, astana))).toBe('NOT_FOUND');
    expect(code(() => assertRemovable(app(ApplicationStatus.IN_QUEUE), admin, almaty))).toBe('NOT_FOUND');
    expect(code(() => assertRemovable(null, admin, astana))).toBe('NOT_FOUND');
    expect(code(() => assertRemovable(app(ApplicationStatus.IN_QUEUE), parent, astana))).toBe('FORBIDDEN');
  });

  it('needs a reason of 3 to 500 characters of plain text', () => {
    const applicationId = '11111111-1111-4111-8111-111111111111';
    expect(removalInput.safeParse({ applicationId, reason: ' ab ' }).success).toBe(false);
    expect(removalInput.safeParse({ applicationId, reason: 'x'.repeat(501) }).success).toBe(false);
    expect(removalInput.safeParse({ applicationId, reason: 'Duplicate\u0000' }).success).toBe(false);
    expect(removalInput.safeParse({ applicationId: 'nope', reason: 'Duplicate application' }).success).toBe(false);
    expect(removalInput.parse({ applicationId, reason: '  Duplicate application ' }).reason).toBe(
      'Duplicate application',
    );
  });
});
