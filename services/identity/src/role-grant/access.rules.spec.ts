import { Role } from '@kezek/auth';
import {
  assertMayChangeStaffGrant,
  assertMayStaffKindergartens,
  GrantScope,
  kindergartensToPlace,
  mayGrant,
  sessionAccess,
} from './access.rules';

const BIN = '180340021791';
const K1 = '0b1c6d9e-2f4a-4b5c-8d6e-7f8091a2b3c4';
const K2 = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const grant = (role: Role, over: Partial<GrantScope> = {}): GrantScope => ({
  role,
  bin: null,
  kindergartenIds: [],
  regionIds: [],
  ...over,
});

describe('session roles from grants', () => {
  it('makes everyone signing in with their own key an applicant, plus their personal grants', () => {
    expect(sessionAccess([], null)).toEqual({ roles: [Role.APPLICANT], scopes: undefined });
    const operator = grant(Role.DISTRICT_OPERATOR, { regionIds: ['astana', 'akmola'] });
    expect(
      sessionAccess([operator, grant(Role.KINDERGARTEN_STAFF, { bin: BIN, kindergartenIds: ['k1'] })], null),
    ).toEqual({
      roles: [Role.APPLICANT, Role.DISTRICT_OPERATOR],
      scopes: { regionIds: ['akmola', 'astana'] },
    });
  });

  it("gives an employee's certificate only that organisation's grants, and refuses it without any", () => {
    const staff = [
      grant(Role.KINDERGARTEN_STAFF, { bin: BIN, kindergartenIds: ['k2'] }),
      grant(Role.KINDERGARTEN_STAFF, { bin: BIN, kindergartenIds: ['k1', 'k2'] }),
    ];
    expect(sessionAccess([...staff, grant(Role.ADMIN)], BIN)).toEqual({
      roles: [Role.KINDERGARTEN_STAFF],
      scopes: { kindergartenIds: ['k1', 'k2'] },
    });
    expect(sessionAccess([grant(Role.ADMIN)], BIN)).toBeNull();
    expect(sessionAccess(staff, '990340021791')).toBeNull();
  });

  it('lets admins grant anything and operators only kindergarten staff', () => {
    expect(mayGrant({ roles: [Role.ADMIN] }, Role.ADMIN)).toBe(true);
    expect(mayGrant({ roles: [Role.APPLICANT, Role.DISTRICT_OPERATOR] }, Role.KINDERGARTEN_STAFF)).toBe(true);
    expect(mayGrant({ roles: [Role.DISTRICT_OPERATOR] }, Role.DISTRICT_OPERATOR)).toBe(false);
    expect(mayGrant({ roles: [Role.APPLICANT, Role.KINDERGARTEN_STAFF] }, Role.KINDERGARTEN_STAFF)).toBe(false);
  });

  describe('staff kindergartens, placed by the registry', () => {
    const registered = [
      { id: K1, regionId: 'astana', districtId: 'astana-esil' },
      { id: K2, regionId: 'almaty', districtId: 'almaty-medeu' },
    ];
    const UNKNOWN = 'f0000000-0000-4000-8000-000000000000';
    const operator = (...regionIds: string[]) => ({
      roles: [Role.APPLICANT, Role.DISTRICT_OPERATOR],
      scopes: { regionIds },
    });

    it("lets a district operator name kindergartens of the operator's regions only", () => {
      expect(() => assertMayStaffKindergartens(operator('astana'), [K1], registered)).not.toThrow();
      expect(() => assertMayStaffKindergartens(operator('astana', 'almaty'), [K1, K2], registered)).not.toThrow();
      expect(() => assertMayStaffKindergartens(operator('astana'), [K1, K2], registered)).toThrow(
        expect.objectContaining({
          code: 'FORBIDDEN',
          message: `kindergartens outside your regions: ${K2} (almaty)`,
          details: { kindergartenIds: [K2] },
        }),
      );
      expect(() => assertMayStaffKindergartens({ roles: [Role.DISTRICT_OPERATOR] }, [K1], registered)).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
      expect(() =>
        assertMayStaffKindergartens(
          { roles: [Role.KINDERGARTEN_STAFF], scopes: { regionIds: ['astana'] } },
          [K1],
          registered,
        ),
      ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    });

    it('lets an admin name any registered kindergarten', () => {
      expect(() => assertMayStaffKindergartens({ roles: [Role.ADMIN] }, [K1, K2], registered)).not.toThrow();
      expect(() =>
        assertMayStaffKindergartens(
          { roles: [Role.ADMIN, Role.DISTRICT_OPERATOR], scopes: { regionIds: ['astana'] } },
          [K2],
          registered,
        ),
      ).not.toThrow();
    });

    it('refuses kindergartens the registry does not know, naming them, for everyone', () => {
      for (const actor of [{ roles: [Role.ADMIN] }, operator('astana')]) {
        expect(() => assertMayStaffKindergartens(actor, [K1, UNKNOWN], registered)).toThrow(
          expect.objectContaining({
            code: 'VALIDATION_FAILED',
            message: `no such kindergarten in the registry: ${UNKNOWN}`,
            details: { fields: [{ field: 'kindergartenIds', problem: `no kindergarten ${UNKNOWN} in the registry` }] },
          }),
        );
      }
      // An unknown id is VALIDATION_FAILED even when another one lies outside the operator's regions.
      expect(() => assertMayStaffKindergartens(operator('astana'), [K2, UNKNOWN], registered)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    });

    it("lets a district operator change (revoke or re-grant) a staff grant only when all its kindergartens lie in the operator's regions", () => {
      expect(() => assertMayChangeStaffGrant(operator('astana'), [K1], registered)).not.toThrow();
      expect(() => assertMayChangeStaffGrant(operator('astana', 'almaty'), [K1, K2], registered)).not.toThrow();
      expect(() => assertMayChangeStaffGrant(operator('astana'), [K1, K2], registered)).toThrow(
        expect.objectContaining({
          code: 'FORBIDDEN',
          message: `the grant has kindergartens outside your regions: ${K2} (almaty)`,
          details: { kindergartenIds: [K2] },
        }),
      );
      // A kindergarten the registry no longer knows lies in none of the operator's regions.
      expect(() => assertMayChangeStaffGrant(operator('astana'), [K1, UNKNOWN], registered)).toThrow(
        expect.objectContaining({
          code: 'FORBIDDEN',
          message: `the grant has kindergartens outside your regions: ${UNKNOWN} (not in the registry)`,
          details: { kindergartenIds: [UNKNOWN] },
        }),
      );
      expect(() => assertMayChangeStaffGrant({ roles: [Role.DISTRICT_OPERATOR] }, [K1], registered)).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
      expect(() =>
        assertMayChangeStaffGrant(
          { roles: [Role.KINDERGARTEN_STAFF], scopes: { regionIds: ['astana'] } },
          [K1],
          registered,
        ),
      ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    });

    it('lets an admin change any staff grant, without asking the registry', () => {
      expect(() => assertMayChangeStaffGrant({ roles: [Role.ADMIN] }, [K1, K2, UNKNOWN], [])).not.toThrow();
      expect(() =>
        assertMayChangeStaffGrant(
          { roles: [Role.ADMIN, Role.DISTRICT_OPERATOR], scopes: { regionIds: ['astana'] } },
          [K2],
          [],
        ),
      ).not.toThrow();
      const staffGrant = grant(Role.KINDERGARTEN_STAFF, { bin: BIN, kindergartenIds: [K1, K2] });
      expect(kindergartensToPlace({ roles: [Role.ADMIN] }, staffGrant)).toEqual([]);
      expect(kindergartensToPlace(operator('astana'), staffGrant)).toEqual([K1, K2]);
      // Other roles' grants only an admin may change at all (mayGrant): nothing to place.
      expect(
        kindergartensToPlace(operator('astana'), grant(Role.DISTRICT_OPERATOR, { regionIds: ['almaty'] })),
      ).toEqual([]);
    });
  });
});
