import { z } from 'zod';
import { defineInternalEndpoint, ServiceAudience } from '@kezek/internal-api';

// Queue areas (R4: a city or a district), for the queue's filing: served by
// services/vacancies/src/region/areas.controller.ts.

export const areaRequest = z.object({ id: z.string().min(1).max(64) });
export type AreaRequest = z.infer<typeof areaRequest>;

/** A queue area and the region it lies in (a region's own area is the region). */
export const areaAnswer = z.object({
  id: z.string(),
  kind: z.enum(['REGION', 'DISTRICT']),
  regionId: z.string(),
  name: z.object({ kk: z.string(), ru: z.string() }),
});
export type QueueArea = z.infer<typeof areaAnswer>;

export const AreasApi = {
  find: defineInternalEndpoint({
    audience: ServiceAudience.VacanciesInternal,
    method: 'POST',
    path: '/internal/areas/find',
    request: areaRequest,
    response: areaAnswer,
    refusals: ['NOT_FOUND'],
  }),
};
