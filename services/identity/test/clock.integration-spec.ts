import { Role } from '@kezek/auth';
import { toAlmatyIso } from '@kezek/clock';
import { gql, tokenFor } from '@kezek/testing';
import { IdentityUnderTest, startIdentity } from './fixtures';

/** On the system clock (here a test's own clock, as CLOCK=system stands are), time cannot be moved. */
describe('the clock on a stand without the manual clock', () => {
  let svc: IdentityUnderTest;

  beforeAll(async () => {
    svc = await startIdentity();
  });

  afterAll(() => svc?.close());

  const advance = (headers: Record<string, string>) =>
    gql<{ advanceClock: { now: string } }>(
      svc.graphql,
      'mutation { advanceClock(by: "P1D") { now processes } }',
      {},
      headers,
    );
  const bearer = async (roles: Role[]) => ({
    authorization: `Bearer ${await tokenFor({ userId: '00000000-0000-4000-8000-000000000001', roles }, svc.clock)}`,
  });

  it('answers anyone with its time, not manual', async () => {
    const answer = await gql<{ clock: { now: string; manual: boolean } }>(svc.graphql, '{ clock { now manual } }');
    expect(answer.data!.clock).toEqual({ now: toAlmatyIso(svc.clock.now()), manual: false });
  });

  it('refuses advanceClock: CLOCK_NOT_MANUAL for an ADMIN, FORBIDDEN for others, UNAUTHENTICATED without a token', async () => {
    const before = svc.clock.now().getTime();
    expect((await advance(await bearer([Role.ADMIN]))).errors?.[0].extensions?.code).toBe('CLOCK_NOT_MANUAL');
    expect((await advance(await bearer([Role.APPLICANT, Role.DISTRICT_OPERATOR]))).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await advance({})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(svc.clock.now().getTime()).toBe(before);
  });
});
