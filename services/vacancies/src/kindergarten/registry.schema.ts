import { z } from 'zod';
import { Language } from '@kezek/subgraph';

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().trim().min(1).max(64);
const language = z.nativeEnum(Language);

/** The registry's field rules, shared by the mutations and the CSV import. */
export const kindergartenFields = z.object({
  nameKk: text(300),
  nameRu: text(300),
  address: text(500),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[\d\s()-]{5,30}$/, 'must be a phone number')
    .nullable()
    .optional(),
  location: z.object({ lat: z.number().min(40).max(56), lng: z.number().min(46).max(88) }),
  regionId: id,
  districtId: id,
  isState: z.boolean(),
  languages: z
    .array(language)
    .min(1)
    .max(4)
    .refine((l) => new Set(l).size === l.length, 'must not repeat a language'),
});
export type KindergartenFields = z.infer<typeof kindergartenFields>;

export const kindergartenPatch = kindergartenFields
  .omit({ regionId: true })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
export type KindergartenPatch = z.infer<typeof kindergartenPatch>;

export const groupFields = z.object({
  kindergartenId: z.string().uuid(),
  groupYear: z.number().int().min(2000).max(2100),
  language,
  capacity: z.number().int().min(1).max(100),
});
export type GroupFields = z.infer<typeof groupFields>;

export const groupPatch = groupFields
  .pick({ language: true, capacity: true })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
export type GroupPatch = z.infer<typeof groupPatch>;

/** GraphQL gives absent and null optional fields; zod gets only what was given (null phone clears it). */
export function given<T extends object>(input: T, nullable: Array<keyof T> = []): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([k, v]) => v !== undefined && (v !== null || nullable.includes(k as keyof T))),
  ) as Partial<T>;
}
