import { z } from 'zod';

/**
 * The civil registry (АХАЖ/ЗАГС records of births) as Kezek asks it: whether a person is a
 * child's parent (R9: a parent may attach a child's application to their own IIN). An abstract
 * class, so services inject it by type; `HttpCivilRegistry` is the adapter.
 */
export abstract class CivilRegistry {
  /**
   * Whether `parentIin` is a parent of `childIin` by the registry's records (false for a child
   * it does not know). Throws CIVIL_REGISTRY_UNAVAILABLE when the registry gives no usable answer.
   */
  abstract isParent(parentIin: string, childIin: string): Promise<boolean>;
}

const iin = z.string().regex(/^\d{12}$/, 'must be 12 digits');

/**
 * The one question of the HTTP contract: `POST {CIVIL_REGISTRY_URL}/v1/parentage` with this JSON
 * body. The IINs travel in the body, never in the URL, so that no access log holds them.
 */
export const PARENTAGE_PATH = '/v1/parentage';
export const parentageRequest = z.object({ parentIin: iin, childIin: iin });
/** The answer: 200 with `{ "parent": true | false }`; any other status or shape is no answer. */
export const parentageResponse = z.object({ parent: z.boolean() });

export type ParentageRequest = z.infer<typeof parentageRequest>;
export type ParentageResponse = z.infer<typeof parentageResponse>;
