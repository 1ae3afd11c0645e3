import { demoPerson, demoReferral } from '@kezek/demo';
import { Portals } from '@kezek/portals';

/** Signs `xml` as NCALayer does for the person with that IIN (in dev: the emulator, signWithEmulator). */
export type DemoSigner = (xml: string, iin: string, type: 'AUTH' | 'SIGN') => Promise<string>;

export interface DemoReferral {
  id: string;
  number: string;
  /** False when the child already had it (a restart on the same database): nothing was issued. */
  issued: boolean;
}

type GqlErrors = Array<{ message: string; extensions?: { code?: string } }>;

/**
 * The demo referral as a parent gets it, through the gateway's public API only: the first demo
 * child's applicant signs in (authChallenge → AUTH signature → signIn), chooses the demo referral
 * group by free choice (prepareReferral → SIGN signature → submitSigned, R11, R12), and the
 * referral, its claimed seat and its PDF come from the code every portal uses. Idempotent: a
 * child that already has a referral keeps it.
 */
export async function issueDemoReferral(gatewayUrl: string, sign: DemoSigner): Promise<DemoReferral> {
  // The group of the child's group year, by host time as seedAll seeded the registry.
  const { child, groupId } = demoReferral(new Date());
  const parent = demoPerson(child.applicant);
  const portals = Portals.fromEnv(process.env.PORTALS, process.env.PORTAL_POLICIES);
  const portal = portals.all.find((p) => p.regionIds.includes(child.regionId))!;

  async function call<T>(what: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-kezek-portal': portal.id,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: GqlErrors };
    if (body.errors?.length || !body.data) {
      const why = (body.errors ?? []).map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ');
      throw new Error(`demo referral: ${what} refused (${why || `HTTP ${res.status}`})`);
    }
    return body.data;
  }

  const { authChallenge } = await call<{ authChallenge: { xml: string } }>(
    'authChallenge',
    '{ authChallenge { xml } }',
    {},
  );
  const { signIn } = await call<{ signIn: { accessToken: string } }>(
    'signIn',
    'mutation($x: String!) { signIn(signedXml: $x) { accessToken } }',
    { x: await sign(authChallenge.xml, parent.iin, 'AUTH') },
  );
  const token = signIn.accessToken;

  const { application } = await call<{
    application: { referrals: Array<{ id: string; number: string }> } | null;
  }>(
    'application',
    'query($id: ID) { application(id: $id) { referrals { id number } } }',
    { id: child.applicationId },
    token,
  );
  if (!application) throw new Error('demo referral: the demo application is not seeded');
  const [existing] = application.referrals;
  if (existing) return { ...existing, issued: false };

  const { prepareReferral } = await call<{ prepareReferral: { id: string; xml: string } }>(
    'prepareReferral',
    'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }',
    { a: child.applicationId, g: groupId },
    token,
  );
  const { submitSigned } = await call<{ submitSigned: { id?: string; number?: string } }>(
    'submitSigned',
    'mutation($id: ID!, $x: String!) { submitSigned(requestId: $id, signedXml: $x) { ... on Referral { id number } } }',
    { id: prepareReferral.id, x: await sign(prepareReferral.xml, parent.iin, 'SIGN') },
    token,
  );
  if (!submitSigned.id || !submitSigned.number) throw new Error('demo referral: submitSigned issued no referral');
  return { id: submitSigned.id, number: submitSigned.number, issued: true };
}
