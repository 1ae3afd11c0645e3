import { grantInput } from './role-grant.schema';

const BIN = '180340021791';
const K1 = '0b1c6d9e-2f4a-4b5c-8d6e-7f8091a2b3c4';
const K2 = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';

describe('grantRole input', () => {
  it('requires the scopes each role is about', () => {
    const base = { iin: '920417401201', reason: 'appointed by order 12' };
    expect(grantInput.safeParse({ ...base, role: 'KINDERGARTEN_STAFF', kindergartenIds: [K1] }).success).toBe(false);
    expect(grantInput.safeParse({ ...base, role: 'KINDERGARTEN_STAFF', bin: BIN, kindergartenIds: [K1] }).success).toBe(
      true,
    );
    expect(
      grantInput.safeParse({ ...base, role: 'KINDERGARTEN_STAFF', bin: BIN, kindergartenIds: ['k1'] }).error?.issues,
    ).toEqual([expect.objectContaining({ path: ['kindergartenIds', 0], message: 'must be a kindergarten id (UUID)' })]);
    expect(grantInput.safeParse({ ...base, role: 'DISTRICT_OPERATOR' }).success).toBe(false);
    expect(grantInput.safeParse({ ...base, role: 'ADMIN', regionIds: ['astana'] }).success).toBe(false);
    expect(grantInput.safeParse({ ...base, role: 'APPLICANT' }).success).toBe(false);
    expect(grantInput.parse({ ...base, role: 'ADMIN' })).toMatchObject({
      bin: null,
      kindergartenIds: [],
      regionIds: [],
    });
    // Registry ids as the registry answers them: lower-case, each once.
    expect(
      grantInput.parse({ ...base, role: 'KINDERGARTEN_STAFF', bin: BIN, kindergartenIds: [K1.toUpperCase(), K2, K1] })
        .kindergartenIds,
    ).toEqual([K1, K2]);
  });
});
