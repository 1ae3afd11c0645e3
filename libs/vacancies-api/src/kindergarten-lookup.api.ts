import { z } from 'zod';
import { defineInternalEndpoint, ServiceAudience } from '@kezek/internal-api';

// Where registered kindergartens are, for other services' access rules: served by
// services/vacancies/src/kindergarten/kindergarten-lookup.controller.ts.

/** At most this many ids per call (the client splits longer lists). */
export const KINDERGARTEN_LOOKUP_MAX_IDS = 100;

export const kindergartenLookupRequest = z.object({
  ids: z.array(z.string().uuid()).min(1).max(KINDERGARTEN_LOOKUP_MAX_IDS),
});
export type KindergartenLookupRequest = z.infer<typeof kindergartenLookupRequest>;

/** Where a registered kindergarten is: what access rules of other services need of it. */
export const kindergartenArea = z.object({
  id: z.string().uuid(),
  regionId: z.string().min(1),
  districtId: z.string().min(1),
});
export type KindergartenArea = z.infer<typeof kindergartenArea>;

/** The registered kindergartens among the ids asked for; an unknown id is simply absent. */
export const kindergartenLookupAnswer = z.object({ kindergartens: z.array(kindergartenArea) });
export type KindergartenLookupAnswer = z.infer<typeof kindergartenLookupAnswer>;

export const KindergartensApi = {
  lookup: defineInternalEndpoint({
    audience: ServiceAudience.VacanciesInternal,
    method: 'POST',
    path: '/internal/kindergartens/lookup',
    request: kindergartenLookupRequest,
    response: kindergartenLookupAnswer,
    refusals: [],
  }),
};
