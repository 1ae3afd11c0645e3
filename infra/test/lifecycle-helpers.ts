import { makeIin } from '@kezek/iin';
import { gql } from '@kezek/testing';
import { SigningStack } from './signing-stack';

/**
 * What a portal does in the lifecycle suites (offers, referrals, enrolment): call as someone,
 * sign a prepared action with the NCALayer emulator, file a child, wait for the workers.
 */
export function lifecycleClient(running: SigningStack, portal = 'astana') {
  const tokens = new Map<string, string>();
  const as = (key: string) => ({ authorization: `Bearer ${tokens.get(key)}`, 'x-kezek-portal': portal });
  const SUBMIT = `mutation($id: ID!, $x: String!) { submitSigned(requestId: $id, signedXml: $x) {
    ... on Application { id number status }
    ... on Referral { id number state: status issuedAt expiresAt group { id } application { id status } } } }`;

  /** prepare… → the emulator signs → submitSigned (a referral's status comes as `state`: the union's fields must not clash). */
  async function signed<T>(who: string, iin: string, prepare: string, vars: Record<string, unknown>) {
    const prepared = await gql<Record<string, { id: string; xml: string }>>(running.url, prepare, vars, as(who));
    if (prepared.errors) return { errors: prepared.errors, data: undefined as T | undefined };
    const request = Object.values(prepared.data!)[0];
    const x = await running.sign(request.xml, iin, 'SIGN');
    const res = await gql<{ submitSigned: T }>(running.url, SUBMIT, { id: request.id, x }, as(who));
    return { errors: res.errors, data: res.data?.submitSigned };
  }

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

  /** Polls `probe` until `done` (the workers act after commit), for at most 30 s. */
  async function until<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const v = await probe();
      if (done(v)) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  return {
    as,
    signed,
    file,
    until,
    /** Signs `iin` in and keeps the token under `key`. */
    async signIn(key: string, iin: string) {
      tokens.set(key, await running.signIn(iin));
    },
  };
}
