import { Principal, Role } from '@kezek/auth';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { assertWithdrawable } from './withdrawal.rules';

const astana = DEFAULT_PORTALS.find((p) => p.id === 'astana')!;
const almaty = DEFAULT_PORTALS.find((p) => p.id === 'almaty')!;
const parent: Principal = { userId: 'p1', iin: '920417401201', roles: [Role.APPLICANT], tokenId: 't' };
const operator: Principal = {
  userId: 'o1',
  iin: '850130407002',
  roles: [Role.DISTRICT_OPERATOR],
  scopes: { regionIds: ['astana'] },
  tokenId: 't',
};
const app = (status: ApplicationStatus) => ({ applicantIds: ['p1'], regionId: 'astana', status });
const code = (f: () => void) => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('withdrawal (R20)', () => {
  it('lets the applicant withdraw while the application waits in the queue', () => {
    expect(code(() => assertWithdrawable(app(ApplicationStatus.IN_QUEUE), parent, astana))).toBeNull();
    expect(code(() => assertWithdrawable(app(ApplicationStatus.NOTIFIED), parent, astana))).toBeNull();
  });

  it('refuses other states, other people and other portals', () => {
    for (const status of [
      ApplicationStatus.REFERRAL_ISSUED,
      ApplicationStatus.ENROLLED,
      ApplicationStatus.WITHDRAWN,
      ApplicationStatus.REMOVED,
    ]) {
      expect(code(() => assertWithdrawable(app(status), parent, astana))).toBe('INVALID_STATE');
    }
    expect(code(() => assertWithdrawable(app(ApplicationStatus.IN_QUEUE), operator, astana))).toBe('FORBIDDEN');
    expect(code(() => assertWithdrawable(app(ApplicationStatus.IN_QUEUE), { ...parent, userId: 'p2' }, astana))).toBe(
      'NOT_FOUND',
    );
    expect(code(() => assertWithdrawable(app(ApplicationStatus.IN_QUEUE), parent, almaty))).toBe('NOT_FOUND');
    expect(code(() => assertWithdrawable(null, parent, astana))).toBe('NOT_FOUND');
  });
});
