import { DomainError } from '@kezek/errors';
import { CivilRegistry, PARENTAGE_PATH, ParentageRequest, parentageResponse } from './civil-registry';

export interface HttpCivilRegistryOptions {
  /** CIVIL_REGISTRY_URL: the registry's base URL, without a path. */
  baseUrl: string;
  /** CIVIL_REGISTRY_TIMEOUT_MS: how long one question may wait for its answer. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * The civil registry over HTTP (the contract in civil-registry.ts). It fails closed: no answer
 * in time, a refused connection, a 5xx or an answer outside the contract is
 * CIVIL_REGISTRY_UNAVAILABLE, never "a parent". Its messages name no IIN.
 */
export class HttpCivilRegistry extends CivilRegistry {
  private readonly url: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: HttpCivilRegistryOptions) {
    super();
    this.url = `${options.baseUrl.replace(/\/+$/, '')}${PARENTAGE_PATH}`;
    this.fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  async isParent(parentIin: string, childIin: string): Promise<boolean> {
    const body: ParentageRequest = { parentIin, childIin };
    let res: Response;
    try {
      res = await this.fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (e) {
      const error = e as Error & { cause?: { code?: string } };
      const why =
        error.name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMs} ms`
          : [error.message, error.cause?.code].filter(Boolean).join(': ');
      throw unavailable(`did not answer: ${why}`);
    }
    const json: unknown = await res.json().catch(() => undefined);
    if (!res.ok) throw unavailable(`answered HTTP ${res.status}`);
    const parsed = parentageResponse.safeParse(json);
    if (!parsed.success) throw unavailable(`answered HTTP ${res.status} outside its contract`);
    return parsed.data.parent;
  }
}

const unavailable = (why: string) => new DomainError('CIVIL_REGISTRY_UNAVAILABLE', `the civil registry ${why}`);
