import { Principal, Role } from '@kezek/auth';
import { Portal } from '@kezek/portals';
import { assertCanManageRegion, staffKindergartenId } from './access.rules';

const portal = { id: 'astana', regionIds: ['astana'] } as Portal;
const who = (roles: Role[], scopes?: Principal['scopes']): Principal => ({
  userId: 'u',
  iin: '900101300017',
  roles,
  scopes,
  tokenId: 't',
});

describe('registry access', () => {
  it('lets an admin and the region operator manage the region through its portal', () => {
    expect(() => assertCanManageRegion(who([Role.ADMIN]), portal, 'astana')).not.toThrow();
    expect(() =>
      assertCanManageRegion(who([Role.DISTRICT_OPERATOR], { regionIds: ['astana'] }), portal, 'astana'),
    ).not.toThrow();
  });

  it('refuses another region operator, staff, parents, and a portal that does not serve the region', () => {
    expect(() =>
      assertCanManageRegion(who([Role.DISTRICT_OPERATOR], { regionIds: ['almaty'] }), portal, 'astana'),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => assertCanManageRegion(who([Role.DISTRICT_OPERATOR]), portal, 'astana')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() =>
      assertCanManageRegion(who([Role.KINDERGARTEN_STAFF], { regionIds: ['astana'] }), portal, 'astana'),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => assertCanManageRegion(who([Role.ADMIN]), portal, 'almaty')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });

  it('finds a staff member’s kindergarten only for staff', () => {
    expect(staffKindergartenId(who([Role.KINDERGARTEN_STAFF], { kindergartenIds: ['k1'] }))).toBe('k1');
    expect(staffKindergartenId(who([Role.APPLICANT], { kindergartenIds: ['k1'] }))).toBeUndefined();
  });
});
