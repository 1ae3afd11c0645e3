import { Principal, Role } from '@kezek/auth';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { assertOverseesRegion } from './operator-region';

const astana = DEFAULT_PORTALS.find((p) => p.id === 'astana')!;
const person = (roles: Role[], regionIds?: string[]): Principal => ({
  userId: 'u',
  iin: '850130407002',
  roles,
  scopes: { regionIds },
  tokenId: 't',
});
const code = (f: () => void) => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('assertOverseesRegion', () => {
  it("lets an ADMIN and the region's operator in", () => {
    expect(code(() => assertOverseesRegion(person([Role.ADMIN]), astana, 'astana'))).toBeNull();
    expect(code(() => assertOverseesRegion(person([Role.DISTRICT_OPERATOR], ['astana']), astana, 'astana'))).toBeNull();
  });

  it('refuses an operator of another region, a parent, and a region the portal does not serve', () => {
    expect(code(() => assertOverseesRegion(person([Role.DISTRICT_OPERATOR], ['almaty']), astana, 'astana'))).toBe(
      'FORBIDDEN',
    );
    expect(code(() => assertOverseesRegion(person([Role.APPLICANT]), astana, 'astana'))).toBe('FORBIDDEN');
    expect(code(() => assertOverseesRegion(person([Role.ADMIN]), astana, 'almaty'))).toBe('NOT_FOUND');
  });
});
