import { overseenAmong, Principal, Role } from './roles';

const portal = { regionIds: ['astana', 'almaty'] };
const person = (roles: Role[], regionIds?: string[]): Principal => ({
  userId: 'u',
  iin: '000000000000',
  roles,
  scopes: regionIds && { regionIds },
  tokenId: 't',
});

describe("who oversees which regions' applications and notices", () => {
  it("gives admins the portal's regions, operators their scope within it, parents none", () => {
    expect(overseenAmong(person([Role.ADMIN]), portal.regionIds)).toEqual(['astana', 'almaty']);
    expect(overseenAmong(person([Role.DISTRICT_OPERATOR], ['almaty', 'aktobe']), portal.regionIds)).toEqual(['almaty']);
    expect(overseenAmong(person([Role.DISTRICT_OPERATOR]), portal.regionIds)).toEqual([]);
    expect(overseenAmong(person([Role.APPLICANT]), portal.regionIds)).toEqual([]);
  });
});
