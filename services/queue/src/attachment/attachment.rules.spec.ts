import { Principal, Role } from '@kezek/auth';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { assertAttachable, assertParent } from './attachment.rules';

const astana = DEFAULT_PORTALS.find((p) => p.id === 'astana')!;
const almaty = DEFAULT_PORTALS.find((p) => p.id === 'almaty')!;
const father: Principal = { userId: 'p2', iin: '900814303502', roles: [Role.APPLICANT], tokenId: 't' };
const CHILD = '230211302101';
const app = { portalId: 'astana', childIin: CHILD, applicantIds: ['p1'] };
const code = (f: () => void) => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('attaching an application (R9)', () => {
  it("lets a parent attach an application of the portal found by its number and the child's IIN", () => {
    expect(code(() => assertAttachable(app, father, astana, CHILD))).toBeNull();
  });

  it("is NOT_FOUND for a missing application, another child's IIN and another portal's application", () => {
    expect(code(() => assertAttachable(null, father, astana, CHILD))).toBe('NOT_FOUND');
    expect(code(() => assertAttachable(app, father, astana, '230211302102'))).toBe('NOT_FOUND');
    expect(code(() => assertAttachable(app, father, almaty, CHILD))).toBe('NOT_FOUND');
  });

  it('refuses an applicant of it already, and anyone who is not a parent by role', () => {
    expect(code(() => assertAttachable({ ...app, applicantIds: ['p1', 'p2'] }, father, astana, CHILD))).toBe(
      'ALREADY_AN_APPLICANT',
    );
    const operator = { ...father, roles: [Role.DISTRICT_OPERATOR] };
    expect(code(() => assertAttachable(app, operator, astana, CHILD))).toBe('FORBIDDEN');
    expect(code(() => assertAttachable(null, operator, astana, CHILD))).toBe('FORBIDDEN');
  });

  it('needs the civil registry to list the caller as a parent', () => {
    expect(code(() => assertParent(true))).toBeNull();
    expect(code(() => assertParent(false))).toBe('NOT_A_PARENT');
  });
});
