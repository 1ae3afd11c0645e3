import { makeIin } from '@kezek/iin';
import { gql } from '@kezek/testing';
import { SigningStack } from './signing-stack';

type GqlErrors = Array<{ message: string; extensions?: Record<string, unknown> }>;

/**
 * A person of a signing stack acting through the gateway as a portal does: a prepare… mutation,
 * the NCALayer emulator signing its XML with the SIGN key, then submitSigned with `submit`'s
 * selection set. A refused prepare returns its errors and submits nothing.
 */
export function signedActions(running: SigningStack, headers: (who: string) => Record<string, string>) {
  return async function signed<T>(
    who: string,
    iin: string,
    prepare: string,
    vars: Record<string, unknown>,
    submit: string,
  ): Promise<{ errors?: GqlErrors; data?: T }> {
    const prepared = await gql<Record<string, { id: string; xml: string }>>(running.url, prepare, vars, headers(who));
    if (prepared.errors) return { errors: prepared.errors as GqlErrors };
    const request = Object.values(prepared.data!)[0];
    const x = await running.sign(request.xml, iin, 'SIGN');
    const res = await gql<{ submitSigned: T }>(
      running.url,
      `mutation($id: ID!, $x: String!) { submitSigned(requestId: $id, signedXml: $x) { ${submit} } }`,
      { id: request.id, x },
      headers(who),
    );
    return { errors: res.errors as GqlErrors | undefined, data: res.data?.submitSigned };
  };
}

/** Polls `probe` until `done` (the workers act after the answer), failing with the last value after `ms`. */
export async function eventually<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * What a portal does in the lifecycle suites (offers, referrals, enrolment): call as someone,
 * sign a prepared action, file a child, wait for the workers.
 */
export function lifecycleClient(running: SigningStack, portal = 'astana') {
  const tokens = new Map<string, string>();
  const as = (key: string) => ({ authorization: `Bearer ${tokens.get(key)}`, 'x-kezek-portal': portal });
  const submit = signedActions(running, as);
  // A referral's status comes as `state`: the union's `status` fields must not clash.
  const SELECTION = `... on Application { id number status }
    ... on Referral { id number state: status issuedAt expiresAt group { id } application { id status } }`;
  const signed = <T>(who: string, iin: string, prepare: string, vars: Record<string, unknown>) =>
    submit<T>(who, iin, prepare, vars, SELECTION);

  /** Files a child of `birthDate` in Astana; a privilege comes with a document dated `documentOn`. */
  async function file(who: string, iin: string, serial: number, privilege: string, birthDate: string, documentOn = '') {
    const res = await signed<{ id: string; number: string }>(
      who,
      iin,
      `mutation($child: ChildInput!, $privilege: Privilege, $document: PrivilegeDocumentInput) {
        prepareApplication(child: $child, regionId: "astana", privilege: $privilege, privilegeDocument: $document) { id xml } }`,
      {
        child: { iin: makeIin(birthDate, 'F', serial), fullName: `Кезек Бала ${serial}`, birthDate },
        privilege,
        document:
          privilege === 'NONE'
            ? null
            : { kind: 'Справка', number: `D-${serial}`, issuedOn: documentOn, issuer: 'Орган' },
      },
    );
    if (res.errors) throw new Error(`filing failed: ${JSON.stringify(res.errors)}`);
    return res.data!;
  }

  return {
    as,
    signed,
    file,
    until: eventually,
    /** Signs `iin` in and keeps the token under `key`. */
    async signIn(key: string, iin: string) {
      tokens.set(key, await running.signIn(iin));
    },
  };
}
