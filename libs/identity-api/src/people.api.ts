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

/** At most this many ids per contacts call (the client splits longer lists). */
export const CONTACTS_MAX_IDS = 100;

export const contactsRequest = z.object({ ids: z.array(z.string().uuid()).min(1).max(CONTACTS_MAX_IDS) });
export type ContactsRequest = z.infer<typeof contactsRequest>;

/** Where a person is told (notifications only): the e-mail (R9) and mobile number they gave. */
export const personContacts = z.object({
  id: z.string().uuid(),
  fullName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export type PersonContacts = z.infer<typeof personContacts>;

/** The people among the ids asked for; an unknown id is simply absent. */
export const contactsAnswer = z.object({ people: z.array(personContacts) });

export const emailConfirmationRequest = z.object({ confirmationId: z.string().uuid() });
export type EmailConfirmationRequest = z.infer<typeof emailConfirmationRequest>;

/** A code to send (notifications only), to the e-mail it confirms, while it is the person's latest and open. */
export const emailConfirmationAnswer = z.object({
  userId: z.string().uuid(),
  email: z.string(),
  code: z.string().regex(/^[0-9]{6}$/),
  expiresAt: z.string().datetime({ offset: true }),
});
export type EmailConfirmationToSend = z.infer<typeof emailConfirmationAnswer>;

export const PeopleApi = {
  find: defineInternalEndpoint({
    audience: ServiceAudience.IdentityInternal,
    method: 'POST',
    path: '/internal/people/find',
    request: personRequest,
    response: personAnswer,
    refusals: ['NOT_FOUND'],
  }),
  /** Contacts for the notifications service alone: any other caller is FORBIDDEN. */
  contacts: defineInternalEndpoint({
    audience: ServiceAudience.IdentityInternal,
    method: 'POST',
    path: '/internal/people/contacts',
    request: contactsRequest,
    response: contactsAnswer,
    refusals: ['FORBIDDEN'],
  }),
  /** The code of an EmailConfirmationRequested event; NOT_FOUND once confirmed, expired or replaced by a newer one. */
  emailConfirmation: defineInternalEndpoint({
    audience: ServiceAudience.IdentityInternal,
    method: 'POST',
    path: '/internal/people/email-confirmation',
    request: emailConfirmationRequest,
    response: emailConfirmationAnswer,
    refusals: ['FORBIDDEN', 'NOT_FOUND'],
  }),
};
