import { IsNull } from 'typeorm';
import { Role } from '@kezek/auth';
import { makeIin } from '@kezek/iin';
import { gql, tokenFor } from '@kezek/testing';
import { RoleGrantAudit } from '../src/role-grant/role-grant-audit.entity';
import { RoleGrant } from '../src/role-grant/role-grant.entity';
import { User } from '../src/user/user.entity';
import { EMPLOYEE, BIN, IdentityUnderTest, OTHER_PARENT, PARENT, SESSION, startIdentity } from './fixtures';

// Kindergartens of vacancies' registry (identity's test registry answers for them).
const K10 = '10000000-0000-4000-8000-00000000000a';
const K11 = '10000000-0000-4000-8000-00000000000b';
const K_ALMATY = '20000000-0000-4000-8000-00000000000c';

type SessionView = {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  needsEmail: boolean;
  user: { id: string; iin: string; fullName: string; email: string | null; roles: string[] };
};

describe('sign-in with NCALayer on real PostgreSQL and a dev PKI', () => {
  let svc: IdentityUnderTest;

  beforeAll(async () => {
    svc = await startIdentity();
    svc.registry.register(K10, 'astana');
    svc.registry.register(K11, 'astana');
    svc.registry.register(K_ALMATY, 'almaty');
  });
  afterAll(() => svc?.close());

  const signIn = (signedXml: string, portal = 'astana') =>
    gql<{ signIn: SessionView }>(
      svc.graphql,
      `mutation($x: String!) { signIn(signedXml: $x) { ${SESSION} } }`,
      { x: signedXml },
      { 'x-kezek-portal': portal },
    );
  const refresh = (token: string) =>
    gql<{ refreshSession: SessionView }>(
      svc.graphql,
      `mutation($t: String!) { refreshSession(refreshToken: $t) { ${SESSION} } }`,
      { t: token },
    );
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  // The grants' actors: one ADMIN and one operator of Astana (their ids appear in the audit trails).
  const adminToken = () => tokenFor({ userId: '0a0a0a0a-0000-4000-8000-000000000001', roles: [Role.ADMIN] }, svc.clock);
  const astanaOperatorToken = () =>
    tokenFor(
      {
        userId: '0a0a0a0a-0000-4000-8000-000000000002',
        roles: [Role.DISTRICT_OPERATOR],
        scopes: { regionIds: ['astana'] },
      },
      svc.clock,
    );
  const signedChallenge = async (holder = PARENT, type: 'AUTH' | 'SIGN' = 'AUTH') =>
    svc.sign((await svc.challenge()).xml, holder, type);

  it('creates the person from the certificate at first sign-in and asks for an e-mail until given (R9)', async () => {
    const challenge = await svc.challenge();
    expect(challenge.xml).toContain('<action>sign-in</action><portal>astana</portal>');
    expect(challenge.xml).toContain(`<nonce>${challenge.nonce}</nonce>`);
    expect(new Date(challenge.expiresAt).getTime() - svc.clock.now().getTime()).toBe(5 * 60_000);

    const first = await signIn(svc.sign(challenge.xml, PARENT, 'AUTH'));
    expect(first.errors).toBeUndefined();
    const session = first.data!.signIn;
    expect(session.needsEmail).toBe(true);
    expect(session.user).toMatchObject({
      iin: PARENT.iin,
      fullName: 'ТЕСТОВА ӘСЕЛ МАРАТҚЫЗЫ',
      email: null,
      roles: [Role.APPLICANT],
    });
    expect(await svc.db.getRepository(User).findOneBy({ iin: PARENT.iin })).toMatchObject({
      surname: 'ТЕСТОВА',
      givenName: 'ӘСЕЛ',
      patronymic: 'МАРАТҚЫЗЫ',
    });

    const me = await gql<{ me: { id: string } }>(svc.graphql, '{ me { id } }', {}, bearer(session.accessToken));
    expect(me.data!.me.id).toBe(session.user.id);

    // Every session asks for the e-mail until updateContacts gives it, not only the first one.
    expect((await signIn(await signedChallenge())).data!.signIn.needsEmail).toBe(true);
    expect((await refresh(session.refreshToken)).data!.refreshSession.needsEmail).toBe(true);

    const badPhone = await gql(
      svc.graphql,
      'mutation { updateContacts(email: "a@b.kz", phone: "87011234567") { id } }',
      {},
      bearer(session.accessToken),
    );
    expect(badPhone.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'phone' }] },
    });
    const updated = await gql<{ updateContacts: { email: string; phone: string } }>(
      svc.graphql,
      'mutation { updateContacts(email: " Asel@Mail.KZ ", phone: "+77011234567") { email phone } }',
      {},
      bearer(session.accessToken),
    );
    expect(updated.data!.updateContacts).toEqual({ email: 'asel@mail.kz', phone: '+77011234567' });

    const again = await signIn(await signedChallenge());
    expect(again.data!.signIn).toMatchObject({ needsEmail: false, user: { id: session.user.id } });
    expect(await svc.db.getRepository(User).countBy({ iin: PARENT.iin })).toBe(1);
  });

  it('uses a challenge once, only while fresh, only for exactly its document and portal', async () => {
    const signed = await signedChallenge();
    expect((await signIn(signed)).errors).toBeUndefined();
    expect((await signIn(signed)).errors?.[0].extensions?.code).toBe('SIGNING_REQUEST_EXPIRED');

    const late = await signedChallenge();
    svc.clock.advance(5 * 60_000);
    expect((await signIn(late)).errors?.[0].extensions?.code).toBe('SIGNING_REQUEST_EXPIRED');

    // The same nonce in a document we did not prepare: refused, and the challenge stays usable.
    const challenge = await svc.challenge();
    const forged = challenge.xml.replace('<portal>astana</portal>', '<portal>almaty</portal>');
    expect((await signIn(svc.sign(forged, PARENT, 'AUTH'), 'almaty')).errors?.[0].extensions?.code).toBe(
      'SIGNATURE_INVALID',
    );
    expect((await signIn(svc.sign(challenge.xml, PARENT, 'AUTH'), 'almaty')).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await signIn(svc.sign(challenge.xml, PARENT, 'AUTH'))).errors).toBeUndefined();
  });

  it('uses a challenge once even when the same signed challenge is sent twice at once', async () => {
    const challenge = await svc.challenge();
    const signed = svc.sign(challenge.xml, PARENT, 'AUTH');
    // Both sign-ins verify the signature, then meet at the challenge's row lock.
    const results = await svc.raceAtRowLock(
      'SELECT 1 FROM identity.auth_challenge WHERE nonce = $1 FOR UPDATE',
      [challenge.nonce],
      2,
      () => Promise.all([signIn(signed), signIn(signed)]),
    );
    expect(results.map((r) => r.errors?.[0].extensions?.code ?? 'OK').sort()).toEqual([
      'OK',
      'SIGNING_REQUEST_EXPIRED',
    ]);
  });

  it('refuses the SIGN key for sign-in and leaves the challenge unused', async () => {
    const challenge = await svc.challenge();
    const refused = await signIn(svc.sign(challenge.xml, OTHER_PARENT, 'SIGN'));
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'WRONG_KEY_USAGE',
      messages: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) },
    });
    expect(await svc.db.getRepository(User).countBy({ iin: OTHER_PARENT.iin })).toBe(0);
    expect((await signIn(svc.sign(challenge.xml, OTHER_PARENT, 'AUTH'))).errors).toBeUndefined();
  });

  it('rotates the refresh token and revokes the whole family when a rotated one comes back', async () => {
    const first = (await signIn(await signedChallenge())).data!.signIn;
    const second = (await refresh(first.refreshToken)).data!.refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    const third = (await refresh(second.refreshToken)).data!.refreshSession;

    const reuse = await refresh(first.refreshToken);
    expect(reuse.errors?.[0]).toMatchObject({
      message: 'refresh token reused: the session is revoked',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect((await refresh(third.refreshToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await refresh('not-a-token')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('signs out every holder of the session, and a second sign-out is harmless', async () => {
    const session = (await signIn(await signedChallenge())).data!.signIn;
    const out = await gql<{ signOut: boolean }>(svc.graphql, 'mutation { signOut }', {}, bearer(session.accessToken));
    expect(out.data).toEqual({ signOut: true });
    expect((await gql(svc.graphql, 'mutation { signOut }', {}, bearer(session.accessToken))).data).toEqual({
      signOut: true,
    });
    expect((await refresh(session.refreshToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await gql(svc.graphql, 'mutation { signOut }')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("signs an employee's certificate in only with a grant for that organisation, audited (FORBIDDEN otherwise)", async () => {
    const refused = await signIn(await signedChallenge(EMPLOYEE));
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await svc.db.getRepository(User).countBy({ iin: EMPLOYEE.iin })).toBe(0);

    const admin = await adminToken();
    const operator = await astanaOperatorToken();
    const GRANT = `mutation($iin: String!, $role: Role!, $bin: String, $k: [String!], $r: [String!]) {
      grantRole(iin: $iin, role: $role, bin: $bin, kindergartenIds: $k, regionIds: $r, reason: "order 17 of the department") { id role bin kindergartenIds grantedBy } }`;
    const forbidden = await gql(svc.graphql, GRANT, { iin: EMPLOYEE.iin, role: 'ADMIN' }, bearer(operator));
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const invalid = await gql(
      svc.graphql,
      GRANT,
      { iin: EMPLOYEE.iin, role: 'KINDERGARTEN_STAFF', k: [K10] },
      bearer(operator),
    );
    expect(invalid.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'bin' }] },
    });
    expect(await svc.db.getRepository(RoleGrant).countBy({ iin: EMPLOYEE.iin })).toBe(0);

    const granted = await gql<{ grantRole: { id: string } }>(
      svc.graphql,
      GRANT,
      { iin: EMPLOYEE.iin, role: 'KINDERGARTEN_STAFF', bin: BIN, k: [K10] },
      bearer(operator),
    );
    expect(granted.errors).toBeUndefined();
    // The same grant again changes nothing and writes no audit entry; new scopes do.
    expect(
      (
        await gql<{ grantRole: { id: string } }>(
          svc.graphql,
          GRANT,
          { iin: EMPLOYEE.iin, role: 'KINDERGARTEN_STAFF', bin: BIN, k: [K10] },
          bearer(admin),
        )
      ).data!.grantRole.id,
    ).toBe(granted.data!.grantRole.id);
    await gql(
      svc.graphql,
      GRANT,
      { iin: EMPLOYEE.iin, role: 'KINDERGARTEN_STAFF', bin: BIN, k: [K10, K11] },
      bearer(admin),
    );
    const audit = await svc.db
      .getRepository(RoleGrantAudit)
      .find({ where: { grantId: granted.data!.grantRole.id }, order: { id: 'ASC' } });
    expect(audit.map((a) => [a.action, a.grantState.kindergartenIds])).toEqual([
      ['GRANT', [K10]],
      ['GRANT', [K10, K11]],
    ]);
    expect(audit[0]).toMatchObject({
      actor: '0a0a0a0a-0000-4000-8000-000000000002',
      reason: 'order 17 of the department',
    });

    const staff = await signIn(await signedChallenge(EMPLOYEE));
    expect(staff.errors).toBeUndefined();
    const claims = JSON.parse(Buffer.from(staff.data!.signIn.accessToken.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ roles: [Role.KINDERGARTEN_STAFF], scopes: { kindergartenIds: [K10, K11] } });

    const own = await svc.db.getRepository(RoleGrant).findOneByOrFail({ id: granted.data!.grantRole.id });
    expect(own.bin).toBe(BIN);

    const REVOKE = `mutation($id: ID!) { revokeRole(grantId: $id, reason: "left the kindergarten") { revokedAt } }`;
    expect(
      (await gql<{ revokeRole: { revokedAt: string } }>(svc.graphql, REVOKE, { id: own.id }, bearer(admin))).data!
        .revokeRole.revokedAt,
    ).toMatch(/\+05:00$/);
    await gql(svc.graphql, REVOKE, { id: own.id }, bearer(admin));
    expect(await svc.db.getRepository(RoleGrantAudit).countBy({ grantId: own.id, action: 'REVOKE' })).toBe(1);
    await expect(
      svc.db.getRepository(RoleGrantAudit).update({ grantId: own.id }, { reason: 'edited' }),
    ).rejects.toThrow(/append-only/);
    // The revoked role ends the employee's session at its next refresh.
    expect((await refresh(staff.data!.signIn.refreshToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("grants staff only in registered kindergartens, an operator only in the operator's regions, and nothing while the registry does not answer", async () => {
    const iin = makeIin('1985-01-15', 'F', 4604);
    const admin = await adminToken();
    const operator = await astanaOperatorToken();
    const GRANT = `mutation($iin: String!, $role: Role!, $bin: String, $k: [String!], $r: [String!]) {
      grantRole(iin: $iin, role: $role, bin: $bin, kindergartenIds: $k, regionIds: $r, reason: "order 18 of the department") { id kindergartenIds } }`;
    const staff = (token: string, k: string[]) =>
      gql<{ grantRole: { id: string; kindergartenIds: string[] } }>(
        svc.graphql,
        GRANT,
        { iin, role: 'KINDERGARTEN_STAFF', bin: BIN, k },
        bearer(token),
      );
    const grants = () => svc.db.getRepository(RoleGrant).countBy({ iin });

    // The hole this closes: an operator of astana naming a kindergarten of almaty.
    const outside = await staff(operator, [K10, K_ALMATY]);
    expect(outside.errors?.[0]).toMatchObject({
      message: `kindergartens outside your regions: ${K_ALMATY} (almaty)`,
      extensions: { code: 'FORBIDDEN', details: { kindergartenIds: [K_ALMATY] } },
    });
    const unknown = '30000000-0000-4000-8000-00000000000d';
    const unregistered = await staff(admin, [K10, unknown]);
    expect(unregistered.errors?.[0]).toMatchObject({
      message: `no such kindergarten in the registry: ${unknown}`,
      extensions: {
        code: 'VALIDATION_FAILED',
        details: { fields: [{ field: 'kindergartenIds', problem: `no kindergarten ${unknown} in the registry` }] },
      },
    });
    expect((await staff(operator, ['k-10'])).errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'kindergartenIds.0' }] },
    });
    expect(await grants()).toBe(0);

    // An operator in the operator's regions (ids as the registry writes them), an admin anywhere.
    const calls = svc.registry.state.calls;
    expect((await staff(operator, [K11.toUpperCase(), K10])).data!.grantRole.kindergartenIds).toEqual([K11, K10]);
    expect((await staff(admin, [K10, K_ALMATY])).data!.grantRole.kindergartenIds).toEqual([K10, K_ALMATY]);
    expect(svc.registry.state.calls - calls).toBe(2);

    // Fail closed: without the registry's answer nothing is granted; other roles need no registry.
    try {
      for (const answer of ['none', 'error'] as const) {
        svc.registry.state.answer = answer;
        const refused = await staff(admin, [K10]);
        expect(refused.errors?.[0]).toMatchObject({
          message: 'the kindergarten registry (vacancies) did not answer: the kindergartens cannot be checked',
          extensions: {
            code: 'SERVICE_UNAVAILABLE',
            details: { service: 'vacancies' },
            messages: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) },
          },
        });
      }
      const op = await gql(svc.graphql, GRANT, { iin, role: 'DISTRICT_OPERATOR', r: ['almaty'] }, bearer(admin));
      expect(op.errors).toBeUndefined();
    } finally {
      svc.registry.state.answer = 'yes';
    }
    const live = await svc.db.getRepository(RoleGrant).findBy({ iin, revokedAt: IsNull() });
    expect(live.map((g) => [g.role, g.bin, g.kindergartenIds])).toEqual(
      expect.arrayContaining([
        [Role.KINDERGARTEN_STAFF, BIN, [K10, K_ALMATY]],
        [Role.DISTRICT_OPERATOR, null, []],
      ]),
    );
    expect(live).toHaveLength(2);
  });

  it('answers CONFLICT, not a fault, when another first grant of the same role commits meanwhile', async () => {
    const iin = makeIin('1979-06-02', 'M', 4711);
    const admin = await adminToken();
    const GRANT = `mutation($iin: String!) { grantRole(iin: $iin, role: DISTRICT_OPERATOR, regionIds: ["astana"], reason: "order 20 of the department") { id } }`;
    // Another grant of the same role, not yet committed: the request finds no live row to lock,
    // so its insert waits on the unique index until this commits, then collides with it.
    const other = svc.db.createQueryRunner();
    await other.startTransaction();
    try {
      await other.manager.getRepository(RoleGrant).insert({
        iin,
        bin: null,
        role: Role.DISTRICT_OPERATOR,
        kindergartenIds: [],
        regionIds: ['astana'],
        grantedBy: 'other-operator',
        grantedAt: svc.clock.now(),
        reason: 'order 19',
        revokedAt: null,
        revokedBy: null,
      });
      const answer = gql(svc.graphql, GRANT, { iin }, bearer(admin));
      await new Promise((r) => setTimeout(r, 500));
      await other.commitTransaction();
      expect((await answer).errors?.[0].extensions?.code).toBe('CONFLICT');
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
    expect(await svc.db.getRepository(RoleGrant).countBy({ iin, revokedAt: IsNull() })).toBe(1);
    // The retry the message asks for finds the committed grant and answers with it.
    expect((await gql(svc.graphql, GRANT, { iin }, bearer(admin))).errors).toBeUndefined();
  });

  it("lets an operator revoke or re-grant a staff grant only when all its kindergartens lie in the operator's regions, an admin any", async () => {
    const admin = await adminToken();
    const operator = await astanaOperatorToken();
    const GRANT = `mutation($iin: String!, $k: [String!]) {
      grantRole(iin: $iin, role: KINDERGARTEN_STAFF, bin: "${BIN}", kindergartenIds: $k, reason: "order 19 of the department") { id kindergartenIds } }`;
    const REVOKE = `mutation($id: ID!) { revokeRole(grantId: $id, reason: "left the kindergarten") { id revokedAt } }`;
    const staff = (token: string, iin: string, k: string[]) =>
      gql<{ grantRole: { id: string; kindergartenIds: string[] } }>(svc.graphql, GRANT, { iin, k }, bearer(token));
    const revoke = (token: string, id: string) =>
      gql<{ revokeRole: { id: string; revokedAt: string | null } }>(svc.graphql, REVOKE, { id }, bearer(token));
    const stored = (id: string) => svc.db.getRepository(RoleGrant).findOneByOrFail({ id });
    const audits = (grantId: string) =>
      svc.db.getRepository(RoleGrantAudit).find({ where: { grantId }, order: { id: 'ASC' } });
    const outside = {
      message: `the grant has kindergartens outside your regions: ${K_ALMATY} (almaty)`,
      extensions: { code: 'FORBIDDEN', details: { kindergartenIds: [K_ALMATY] } },
    };

    // A grant with an Almaty kindergarten: the Astana operator can neither revoke it nor drop that
    // kindergarten from it by re-granting only Astana's; nothing changes, the grant stays live.
    const almatyIin = makeIin('1983-05-20', 'F', 4705);
    const almaty = (await staff(admin, almatyIin, [K10, K_ALMATY])).data!.grantRole;
    expect((await revoke(operator, almaty.id)).errors?.[0]).toMatchObject(outside);
    expect((await staff(operator, almatyIin, [K10])).errors?.[0]).toMatchObject(outside);
    expect((await staff(operator, almatyIin, [K10, K11])).errors?.[0]).toMatchObject(outside);
    expect(await stored(almaty.id)).toMatchObject({ kindergartenIds: [K10, K_ALMATY], revokedAt: null });
    expect((await audits(almaty.id)).map((a) => a.action)).toEqual(['GRANT']);
    // Without the registry's answer an operator revokes nothing either (fail closed).
    try {
      svc.registry.state.answer = 'error';
      expect((await revoke(operator, almaty.id)).errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      svc.registry.state.answer = 'yes';
    }

    // An admin may re-grant and revoke it.
    expect((await staff(admin, almatyIin, [K_ALMATY])).data!.grantRole).toEqual({
      id: almaty.id,
      kindergartenIds: [K_ALMATY],
    });
    expect((await revoke(admin, almaty.id)).data!.revokeRole.revokedAt).not.toBeNull();
    expect((await audits(almaty.id)).map((a) => [a.action, a.actor, a.grantState.kindergartenIds])).toEqual([
      ['GRANT', '0a0a0a0a-0000-4000-8000-000000000001', [K10, K_ALMATY]],
      ['GRANT', '0a0a0a0a-0000-4000-8000-000000000001', [K_ALMATY]],
      ['REVOKE', '0a0a0a0a-0000-4000-8000-000000000001', [K_ALMATY]],
    ]);

    // An Astana grant the Astana operator may re-grant and revoke.
    const astanaIin = makeIin('1984-07-02', 'M', 4806);
    const astana = (await staff(admin, astanaIin, [K10])).data!.grantRole;
    expect((await staff(operator, astanaIin, [K10, K11])).data!.grantRole).toEqual({
      id: astana.id,
      kindergartenIds: [K10, K11],
    });
    expect((await revoke(operator, astana.id)).data!.revokeRole.revokedAt).not.toBeNull();
    expect((await audits(astana.id)).map((a) => [a.action, a.actor])).toEqual([
      ['GRANT', '0a0a0a0a-0000-4000-8000-000000000001'],
      ['GRANT', '0a0a0a0a-0000-4000-8000-000000000002'],
      ['REVOKE', '0a0a0a0a-0000-4000-8000-000000000002'],
    ]);
  });

  it('lists the grants an actor may change, each with its audit trail: an admin all, an operator their regions’ staff', async () => {
    const admin = await adminToken();
    const operator = await astanaOperatorToken();
    const parent = await tokenFor(
      { userId: '0a0a0a0a-0000-4000-8000-000000000003', roles: [Role.APPLICANT] },
      svc.clock,
    );
    const GRANT = `mutation($iin: String!, $k: [String!]) {
      grantRole(iin: $iin, role: KINDERGARTEN_STAFF, bin: "${BIN}", kindergartenIds: $k, reason: "order 21 of the department") { id } }`;
    const inAstana = (
      await gql<{ grantRole: { id: string } }>(
        svc.graphql,
        GRANT,
        { iin: makeIin('1985-01-03', 'F', 4907), k: [K11] },
        bearer(admin),
      )
    ).data!.grantRole.id;
    const inAlmaty = (
      await gql<{ grantRole: { id: string } }>(
        svc.graphql,
        GRANT,
        { iin: makeIin('1985-02-04', 'M', 5008), k: [K_ALMATY] },
        bearer(admin),
      )
    ).data!.grantRole.id;
    const LIST = `query($role: Role, $all: Boolean) { roleGrants(role: $role, includeRevoked: $all) {
      id role kindergartenIds revokedAt changes { action actor reason kindergartenIds } } }`;
    type Listed = {
      id: string;
      revokedAt: string | null;
      changes: Array<{ action: string; actor: string; reason: string }>;
    };
    const list = async (token: string, vars: Record<string, unknown> = {}) =>
      gql<{ roleGrants: Listed[] }>(svc.graphql, LIST, vars, bearer(token));

    const byAdmin = (await list(admin, { role: 'KINDERGARTEN_STAFF' })).data!.roleGrants;
    expect(byAdmin.map((g) => g.id)).toEqual(expect.arrayContaining([inAstana, inAlmaty]));
    expect(byAdmin.every((g) => g.revokedAt === null)).toBe(true);
    expect(byAdmin.find((g) => g.id === inAstana)!.changes).toEqual([
      {
        action: 'GRANT',
        actor: '0a0a0a0a-0000-4000-8000-000000000001',
        reason: 'order 21 of the department',
        kindergartenIds: [K11],
      },
    ]);
    const byOperator = (await list(operator)).data!.roleGrants.map((g) => g.id);
    expect(byOperator).toContain(inAstana);
    expect(byOperator).not.toContain(inAlmaty);
    expect((await list(operator, { role: 'ADMIN' })).data!.roleGrants).toEqual([]);
    // Revoked grants, with their whole trail, only when asked for.
    const revoked = (await list(admin, { all: true })).data!.roleGrants.filter((g) => g.revokedAt !== null);
    expect(revoked.length).toBeGreaterThan(0);
    expect(revoked.every((g) => g.changes.at(-1)!.action === 'REVOKE')).toBe(true);
    expect((await list(parent)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses (CONFLICT) to change a staff grant whose kindergartens changed while the registry was asked, and holds no lock meanwhile', async () => {
    const admin = await adminToken();
    const operator = await astanaOperatorToken();
    const iin = makeIin('1986-11-30', 'F', 4907);
    const GRANT = `mutation($iin: String!, $k: [String!]) {
      grantRole(iin: $iin, role: KINDERGARTEN_STAFF, bin: "${BIN}", kindergartenIds: $k, reason: "order 20 of the department") { id kindergartenIds } }`;
    const staff = (token: string, k: string[]) =>
      gql<{ grantRole: { id: string; kindergartenIds: string[] } }>(svc.graphql, GRANT, { iin, k }, bearer(token));
    const revoke = (token: string, id: string) =>
      gql<{ revokeRole: { revokedAt: string | null } }>(
        svc.graphql,
        `mutation($id: ID!) { revokeRole(grantId: $id, reason: "left") { revokedAt } }`,
        { id },
        bearer(token),
      );
    const conflict = {
      message: 'the grant changed while its kindergartens were being checked: try again',
      extensions: { code: 'CONFLICT' },
    };
    // While the registry places the operator's Astana grant, an admin adds an Almaty kindergarten
    // to it (which could not finish if the operator's request held the grant's row lock).
    const meanwhile = () => {
      svc.registry.state.beforeAnswer = async () =>
        expect((await staff(admin, [K10, K_ALMATY])).errors).toBeUndefined();
    };

    const grant = (await staff(operator, [K10])).data!.grantRole;
    meanwhile();
    expect((await revoke(operator, grant.id)).errors?.[0]).toMatchObject(conflict);
    expect(await svc.db.getRepository(RoleGrant).findOneByOrFail({ id: grant.id })).toMatchObject({
      kindergartenIds: [K10, K_ALMATY],
      revokedAt: null,
    });
    // The retry sees the Almaty kindergarten.
    expect((await revoke(operator, grant.id)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    expect((await staff(admin, [K10])).errors).toBeUndefined();
    meanwhile();
    expect((await staff(operator, [K11])).errors?.[0]).toMatchObject(conflict);
    expect(await svc.db.getRepository(RoleGrant).findOneByOrFail({ id: grant.id })).toMatchObject({
      kindergartenIds: [K10, K_ALMATY],
      revokedAt: null,
    });
    expect((await staff(operator, [K11])).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(
      await svc.db
        .getRepository(RoleGrantAudit)
        .countBy({ grantId: grant.id, actor: '0a0a0a0a-0000-4000-8000-000000000002' }),
    ).toBe(1);
  });
});
