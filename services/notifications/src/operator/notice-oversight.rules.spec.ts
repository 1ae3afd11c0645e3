import { Principal, Role } from '@kezek/auth';
import { DEFAULT_POLICY } from '@kezek/policy';
import { overseenRegions } from './notice-oversight.rules';

const portal = { id: 'p', name: { kk: 'p', ru: 'p' }, regionIds: ['astana', 'almaty'], policy: DEFAULT_POLICY };
const person = (roles: Role[], regionIds?: string[]): Principal => ({
  userId: 'u',
  iin: '000000000000',
  roles,
  scopes: regionIds && { regionIds },
  tokenId: 't',
});

describe("who oversees which regions' notices", () => {
  it("gives admins the portal's regions, operators their scope within it, parents none", () => {
    expect(overseenRegions(person([Role.ADMIN]), portal)).toEqual(['astana', 'almaty']);
    expect(overseenRegions(person([Role.DISTRICT_OPERATOR], ['almaty', 'aktobe']), portal)).toEqual(['almaty']);
    expect(overseenRegions(person([Role.DISTRICT_OPERATOR]), portal)).toEqual([]);
    expect(overseenRegions(person([Role.APPLICANT]), portal)).toEqual([]);
  });
});
