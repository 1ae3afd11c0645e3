import { z } from 'zod';
import { defineInternalEndpoint, ServiceAudience } from '@kezek/internal-api';

// What another service may know of a signed-in person: served by
// services/identity/src/user/people.controller.ts, called through IdentityApiClient.

export const personRequest = z.object({ id: z.string().uuid() });
export type PersonRequest = z.infer<typeof personRequest>;

/** The name as the certificate gives it, and whether the person has given an e-mail (R9) — not the address. */
export const personAnswer = z.object({
  id: z.string().uuid(),
  fullName: z.string(),
  hasEmail: z.boolean(),
});
export type PersonView = z.infer<typeof personAnswer>;

export const PeopleApi = {
  find: defineInternalEndpoint({
    audience: ServiceAudience.IdentityInternal,
    method: 'POST',
    path: '/internal/people/find',
    request: personRequest,
    response: personAnswer,
    refusals: ['NOT_FOUND'],
  }),
};
