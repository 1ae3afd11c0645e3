import { Role } from '@kezek/auth';
import { grantInput, GrantScope, mayGrant, sessionAccess } from './access';

const BIN = '180340021791';
const grant = (role: Role, over: Partial<GrantScope> = {}): GrantScope => ({ role, bin: null, kindergartenIds: [], regionIds: [], ...over });

describe('session roles from grants', () => {
  it('makes everyone signing in with their own key an applicant, plus their personal grants', () => {
    expect(sessionAccess([], null)).toEqual({ roles: [Role.APPLICANT], scopes: undefined });
    const operator = grant(Role.DISTRICT_OPERATOR, { regionIds: ['astana', 'akmola'] });
    expect(sessionAccess([operator, grant(Role.KINDERGARTEN_STAFF, { bin: BIN, kindergartenIds: ['k1'] })], null)).toEqual({
      roles: [Role.APPLICANT, Role.DISTRICT_OPERATOR],
      scopes: { regionIds: ['akmola', 'astana'] },
    });
  });

  it("gives an employee's certificate only that organisation's grants, and refuses it without any", () => {
    const staff = [grant(Role.KINDERGARTEN_STAFF, { bin: BIN, kindergartenIds: ['k2'] }), grant(Role.KINDERGARTEN_STAFF, { bin: BIN, kindergartenIds: ['k1', 'k2'] })];
    expect(sessionAccess([...staff, grant(Role.ADMIN)], BIN)).toEqual({ roles: [Role.KINDERGARTEN_STAFF], scopes: { kindergartenIds: ['k1', 'k2'] } });
    expect(sessionAccess([grant(Role.ADMIN)], BIN)).toBeNull();
    expect(sessionAccess(staff, '990340021791')).toBeNull();
  });

  it('lets admins grant anything and operators only kindergarten staff', () => {
    expect(mayGrant({ roles: [Role.ADMIN] }, Role.ADMIN)).toBe(true);
    expect(mayGrant({ roles: [Role.APPLICANT, Role.DISTRICT_OPERATOR] }, Role.KINDERGARTEN_STAFF)).toBe(true);
    expect(mayGrant({ roles: [Role.DISTRICT_OPERATOR] }, Role.DISTRICT_OPERATOR)).toBe(false);
    expect(mayGrant({ roles: [Role.APPLICANT, Role.KINDERGARTEN_STAFF] }, Role.KINDERGARTEN_STAFF)).toBe(false);
  });

  it('requires the scopes each role is about', () => {
    const base = { iin: '920417401201', reason: 'appointed by order 12' };
    expect(grantInput.safeParse({ ...base, role: 'KINDERGARTEN_STAFF', kindergartenIds: ['k1'] }).success).toBe(false);
    expect(grantInput.safeParse({ ...base, role: 'KINDERGARTEN_STAFF', bin: BIN, kindergartenIds: ['k1'] }).success).toBe(true);
    expect(grantInput.safeParse({ ...base, role: 'DISTRICT_OPERATOR' }).success).toBe(false);
    expect(grantInput.safeParse({ ...base, role: 'ADMIN', regionIds: ['astana'] }).success).toBe(false);
    expect(grantInput.safeParse({ ...base, role: 'APPLICANT' }).success).toBe(false);
    expect(grantInput.parse({ ...base, role: 'ADMIN' })).toMatchObject({ bin: null, kindergartenIds: [], regionIds: [] });
  });
});
