import { z } from 'zod';
import { ConfigError } from '@kezek/config';
import { DEFAULT_POLICY, PortalPolicy, policyProblems, portalPolicyOverrides, resolvePolicy } from '@kezek/policy';

/**
 * A city portal, the regions (queue areas' parents) it may see, and the policy its rules run
 * under. Every request names its portal in `x-kezek-portal`; data outside the portal's regions
 * is invisible to it.
 */
export interface Portal {
  id: string;
  name: { kk: string; ru: string };
  regionIds: string[];
  /** Browser origins whose pages may call the graph for this portal (CORS), e.g. https://balabaqsha.astana.kz. */
  origins: string[];
  /**
   * SHA-256 (hex) of the keys its servers present in `x-kezek-portal-key`. When there are any, every
   * request naming the portal must carry one: a portal that calls from its servers only.
   */
  keyHashes: string[];
  policy: PortalPolicy;
}

export const PORTAL_HEADER = 'x-kezek-portal';

export const DEFAULT_PORTALS: Portal[] = [
  {
    id: 'astana',
    name: { kk: 'Астана', ru: 'Астана' },
    regionIds: ['astana'],
    origins: [],
    keyHashes: [],
    policy: DEFAULT_POLICY,
  },
  {
    id: 'almaty',
    name: { kk: 'Алматы', ru: 'Алматы' },
    regionIds: ['almaty'],
    origins: [],
    keyHashes: [],
    policy: DEFAULT_POLICY,
  },
  {
    id: 'aktobe',
    name: { kk: 'Ақтөбе', ru: 'Актобе' },
    regionIds: ['aktobe'],
    origins: [],
    keyHashes: [],
    policy: DEFAULT_POLICY,
  },
  {
    id: 'akmola-region',
    name: { kk: 'Ақмола облысы', ru: 'Акмолинская область' },
    regionIds: ['akmola'],
    origins: [],
    keyHashes: [],
    policy: DEFAULT_POLICY,
  },
  {
    id: 'karaganda-region',
    name: { kk: 'Қарағанды облысы', ru: 'Карагандинская область' },
    regionIds: ['karaganda'],
    origins: [],
    keyHashes: [],
    policy: DEFAULT_POLICY,
  },
];

const portalSchema = z.array(
  z.object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.object({ kk: z.string().min(1), ru: z.string().min(1) }),
    regionIds: z.array(z.string().min(1)).min(1),
    origins: z
      .array(
        z
          .string()
          .url()
          .refine((o) => new URL(o).origin === o, 'must be an origin: scheme, host and port, no path'),
      )
      .default([]),
    keyHashes: z.array(z.string().regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of a key, 64 hex digits')).default([]),
  }),
);

const policiesSchema = z.record(portalPolicyOverrides);

/** Parses one JSON variable, refusing it as configuration that names the variable (exit 78). */
function parseJson<T>(
  variable: string,
  value: string,
  schema: z.ZodType<T>,
  where: (path: (string | number)[]) => string,
): T {
  const refuse = (problem: string) => new ConfigError(`Invalid configuration:\n  ${variable}: ${problem}`);
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw refuse('must be JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw refuse(parsed.error.issues.map((i) => `${where(i.path)} ${i.message}`).join('; '));
  return parsed.data;
}

/** The portals this deployment serves, found by the `x-kezek-portal` header. */
export class Portals {
  private readonly byId: Map<string, Portal>;

  constructor(readonly all: Portal[]) {
    this.byId = new Map(all.map((p) => [p.id, p]));
  }

  /**
   * `PORTALS` (JSON) overrides the default portals and `PORTAL_POLICIES` (JSON, portal id →
   * settings) any setting of a portal's policy, so a new region or a changed Rule is
   * configuration, not code. A bad value is a ConfigError naming the variable, the portal and
   * the setting, so the process refuses to boot (exit 78).
   */
  static fromEnv(portalsJson: string | undefined, policiesJson?: string | undefined): Portals {
    const portals = portalsJson
      ? parseJson('PORTALS', portalsJson, portalSchema, (path) => path.join('.')).map((p) => ({
          ...p,
          origins: p.origins ?? [],
          keyHashes: p.keyHashes ?? [],
          policy: DEFAULT_POLICY,
        }))
      : DEFAULT_PORTALS;
    if (!policiesJson) return new Portals(portals);
    const overrides = parseJson('PORTAL_POLICIES', policiesJson, policiesSchema, (path) => path.join('.'));
    const problems: string[] = [];
    for (const id of Object.keys(overrides)) {
      if (!portals.some((p) => p.id === id)) problems.push(`${id}: no such portal`);
    }
    const withPolicies = portals.map((portal) => {
      const policy = resolvePolicy(overrides[portal.id]);
      problems.push(...policyProblems(policy).map((problem) => `${portal.id}.${problem}`));
      return { ...portal, policy };
    });
    if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  PORTAL_POLICIES: ${problems.join('; ')}`);
    return new Portals(withPolicies);
  }

  find(id: string | string[] | undefined): Portal | undefined {
    return typeof id === 'string' ? this.byId.get(id.trim().toLowerCase()) : undefined;
  }
}
