import { Principal, Role } from '@kezek/auth';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { canSeeApplication, journalScope } from './visibility.rules';

const astana = DEFAULT_PORTALS.find((p) => p.id === 'astana')!;
const almaty = DEFAULT_PORTALS.find((p) => p.id === 'almaty')!;
const app = { applicantIds: ['parent-1', 'parent-3'], regionId: 'astana' };
const person = (userId: string, roles: Role[], scopes?: Principal['scopes']): Principal => ({
  userId,
  iin: '900101300017',
  roles,
  scopes,
  tokenId: 't',
});

describe('canSeeApplication (R9)', () => {
  it('lets the applicant see their own application through the right portal only', () => {
    expect(canSeeApplication(person('parent-1', [Role.APPLICANT]), astana, app)).toBe(true);
    expect(canSeeApplication(person('parent-1', [Role.APPLICANT]), almaty, app)).toBe(false);
  });

  it('lets a parent who attached it see it too', () => {
    expect(canSeeApplication(person('parent-3', [Role.APPLICANT]), astana, app)).toBe(true);
  });

  it('hides it from another parent', () => {
    expect(canSeeApplication(person('parent-2', [Role.APPLICANT]), astana, app)).toBe(false);
  });

  it('shows it to an operator of that region and not of another', () => {
    expect(canSeeApplication(person('op', [Role.DISTRICT_OPERATOR], { regionIds: ['astana'] }), astana, app)).toBe(
      true,
    );
    expect(canSeeApplication(person('op', [Role.DISTRICT_OPERATOR], { regionIds: ['almaty'] }), astana, app)).toBe(
      false,
    );
  });

  it('does not show it to kindergarten staff', () => {
    expect(canSeeApplication(person('staff', [Role.KINDERGARTEN_STAFF], { kindergartenIds: ['k'] }), astana, app)).toBe(
      false,
    );
  });

  it('shows it to an admin', () => {
    expect(canSeeApplication(person('admin', [Role.ADMIN]), astana, app)).toBe(true);
  });
});

describe('journalScope (R9 for a whole journal)', () => {
  const twoRegions = { ...astana, regionIds: ['astana', 'akmola'] };

  it('gives a parent only their own applications in the portal’s regions', () => {
    expect(journalScope(person('parent-1', [Role.APPLICANT]), twoRegions)).toEqual({
      wholeRegionIds: [],
      ownOnlyRegionIds: ['astana', 'akmola'],
      userId: 'parent-1',
    });
  });

  it('gives an operator their regions whole, within the portal, and their own elsewhere', () => {
    const op = person('op', [Role.DISTRICT_OPERATOR], { regionIds: ['akmola', 'almaty'] });
    expect(journalScope(op, twoRegions)).toMatchObject({ wholeRegionIds: ['akmola'], ownOnlyRegionIds: ['astana'] });
    expect(journalScope(op, astana)).toMatchObject({ wholeRegionIds: [], ownOnlyRegionIds: ['astana'] });
  });

  it('gives an admin every region of the portal and no other', () => {
    expect(journalScope(person('admin', [Role.ADMIN]), twoRegions)).toMatchObject({
      wholeRegionIds: ['astana', 'akmola'],
      ownOnlyRegionIds: [],
    });
  });
});
