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
