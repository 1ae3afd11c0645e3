import { ConfigError, z } from '@kezek/config';

/**
 * A city portal and the regions (queue areas' parents) it may see. Every request names its
 * portal in `x-kezek-portal`; data outside the portal's regions is invisible to it.
 */
export interface Portal {
  id: string;
  name: { kk: string; ru: string };
  regionIds: string[];
}

export const PORTAL_HEADER = 'x-kezek-portal';

export const DEFAULT_PORTALS: Portal[] = [
  { id: 'astana', name: { kk: 'Астана', ru: 'Астана' }, regionIds: ['astana'] },
  { id: 'almaty', name: { kk: 'Алматы', ru: 'Алматы' }, regionIds: ['almaty'] },
  { id: 'aktobe', name: { kk: 'Ақтөбе', ru: 'Актобе' }, regionIds: ['aktobe'] },
  { id: 'akmola-region', name: { kk: 'Ақмола облысы', ru: 'Акмолинская область' }, regionIds: ['akmola'] },
  { id: 'karaganda-region', name: { kk: 'Қарағанды облысы', ru: 'Карагандинская область' }, regionIds: ['karaganda'] },
];

const portalSchema = z.array(
  z.object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.object({ kk: z.string().min(1), ru: z.string().min(1) }),
    regionIds: z.array(z.string().min(1)).min(1),
  }),
);

export class PortalRegistry {
  private readonly byId: Map<string, Portal>;

  constructor(readonly portals: Portal[]) {
    this.byId = new Map(portals.map((p) => [p.id, p]));
  }

  /**
   * `PORTALS` (JSON) overrides the defaults, so a new region is configuration, not code. A bad
   * value is a ConfigError naming the variable, so the process refuses to boot (exit 78).
   */
  static fromEnv(value: string | undefined): PortalRegistry {
    if (!value) return new PortalRegistry(DEFAULT_PORTALS);
    const refuse = (problem: string) => new ConfigError(`Invalid configuration:\n  PORTALS: ${problem}`);
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      throw refuse('must be JSON');
    }
    const parsed = portalSchema.safeParse(json);
    if (!parsed.success) throw refuse(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
    return new PortalRegistry(parsed.data);
  }

  find(id: string | string[] | undefined): Portal | undefined {
    return typeof id === 'string' ? this.byId.get(id.trim().toLowerCase()) : undefined;
  }
}
