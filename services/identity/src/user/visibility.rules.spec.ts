import { Role } from '@kezek/auth';
import { canSeeUser } from './visibility.rules';

describe('who sees a person', () => {
  const person = 'a0000000-0000-4000-8000-000000000001';
  const someoneElse = 'a0000000-0000-4000-8000-000000000002';

  it('the person themself', () => {
    expect(canSeeUser({ userId: person, roles: [Role.APPLICANT] }, person)).toBe(true);
  });

  it('not another applicant, nor kindergarten staff', () => {
    expect(canSeeUser({ userId: someoneElse, roles: [Role.APPLICANT] }, person)).toBe(false);
    expect(canSeeUser({ userId: someoneElse, roles: [Role.KINDERGARTEN_STAFF] }, person)).toBe(false);
  });

  it('district operators and admins, who oversee applications', () => {
    expect(canSeeUser({ userId: someoneElse, roles: [Role.DISTRICT_OPERATOR] }, person)).toBe(true);
    expect(canSeeUser({ userId: someoneElse, roles: [Role.ADMIN] }, person)).toBe(true);
  });
});
