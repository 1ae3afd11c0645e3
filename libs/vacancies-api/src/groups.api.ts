import { z } from 'zod';
import { defineInternalEndpoint, ServiceAudience } from '@kezek/internal-api';

// Groups and their kindergartens for the queue's offers and referrals: served by
// services/vacancies/src/group/groups.controller.ts.

/** At most this many ids per call (the client splits longer lists). */
export const GROUPS_FIND_MAX_IDS = 100;

export const groupsFindRequest = z.object({
  ids: z.array(z.string().uuid()).min(1).max(GROUPS_FIND_MAX_IDS),
});
export type GroupsFindRequest = z.infer<typeof groupsFindRequest>;

const language = z.enum(['KK', 'RU', 'EN', 'OTHER']);

/** A group with what a referral states of its kindergarten (R22), as the registry has them now. */
export const groupFacts = z.object({
  id: z.string().uuid(),
  groupYear: z.number().int(),
  language,
  capacity: z.number().int(),
  /** Published seats nobody holds or claims. */
  freeSeats: z.number().int(),
  kindergarten: z.object({
    id: z.string().uuid(),
    nameKk: z.string(),
    nameRu: z.string(),
    address: z.string(),
    phone: z.string().nullable(),
    location: z.object({ lat: z.number(), lng: z.number() }),
    regionId: z.string(),
    districtId: z.string(),
    isState: z.boolean(),
  }),
});
export type GroupFacts = z.infer<typeof groupFacts>;

/** The groups among the ids asked for; an unknown id is simply absent. */
export const groupsFindAnswer = z.object({ groups: z.array(groupFacts) });
export type GroupsFindAnswer = z.infer<typeof groupsFindAnswer>;

const ref = z.string().trim().min(1).max(128);

export const choosableGroupsRequest = z.object({
  /** A region or district id: the queue area (R4), as ClaimsApi.hold understands it. */
  areaId: ref,
  groupYear: z.number().int().min(2000).max(2100),
  /** The offer round whose held seats count as choosable too (R10); without it only free seats do. */
  offerRoundId: ref.optional(),
});
export type ChoosableGroupsRequest = z.infer<typeof choosableGroupsRequest>;

/** A group a child may choose: its free seats and the seats held for the asked offer round. */
export const choosableGroup = z.object({
  groupId: z.string().uuid(),
  freeSeats: z.number().int().min(0),
  heldSeats: z.number().int().min(0),
});
export type ChoosableGroup = z.infer<typeof choosableGroup>;

export const choosableGroupsAnswer = z.object({ groups: z.array(choosableGroup) });
export type ChoosableGroupsAnswer = z.infer<typeof choosableGroupsAnswer>;

const groups = {
  audience: ServiceAudience.VacanciesInternal,
  method: 'POST',
} as const;

export const GroupsApi = {
  /** Groups by id with their kindergartens (a referral's facts, R22). */
  find: defineInternalEndpoint({
    ...groups,
    path: '/internal/groups/find',
    request: groupsFindRequest,
    response: groupsFindAnswer,
    refusals: [],
  }),
  /**
   * The groups of state kindergartens of an area and group year with a free seat or a seat held
   * for the offer round (R10, R11), sorted by kindergarten name; an unknown area has none.
   */
  choosable: defineInternalEndpoint({
    ...groups,
    path: '/internal/groups/choosable',
    request: choosableGroupsRequest,
    response: choosableGroupsAnswer,
    refusals: [],
  }),
};
