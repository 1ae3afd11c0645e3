import { z } from 'zod';
import { defineInternalEndpoint, ServiceAudience } from '@kezek/internal-api';

// What the notifications service needs to tell parents about an application: served by
// services/queue/src/notice-facts/notice-facts.controller.ts, called through QueueApiClient.

export const noticeFactsRequest = z.object({
  applicationId: z.string().uuid(),
  /** The referral an event is about (issued, extended, revoked, expired, enrolled). */
  referralId: z.string().uuid().optional(),
  /** The offer an event is about (the turn came, R10). */
  offerId: z.string().uuid().optional(),
});
export type NoticeFactsRequest = z.infer<typeof noticeFactsRequest>;

const instant = z.coerce.date();

/** The application as the parents know it, and who they are (R9: the filer and every parent who attached it). */
export const noticeFactsAnswer = z.object({
  application: z.object({
    id: z.string().uuid(),
    number: z.string(),
    portalId: z.string(),
    regionId: z.string(),
    status: z.string(),
    childFullName: z.string(),
    /** Language of instruction asked for: the notices' language when a parent chose none. */
    language: z.enum(['KK', 'RU', 'EN', 'OTHER']).nullable(),
    applicantIds: z.array(z.string().uuid()).min(1),
    onStopListUntil: instant.nullable(),
  }),
  referral: z
    .object({
      id: z.string().uuid(),
      number: z.string(),
      status: z.string(),
      groupId: z.string().uuid(),
      expiresAt: instant,
      closedAt: instant.nullable(),
    })
    .nullable(),
  offer: z.object({ id: z.string().uuid(), status: z.string(), expiresAt: instant }).nullable(),
});
export type NoticeFacts = z.infer<typeof noticeFactsAnswer>;

export const NoticeFactsApi = {
  find: defineInternalEndpoint({
    audience: ServiceAudience.QueueInternal,
    method: 'POST',
    path: '/internal/notice-facts',
    request: noticeFactsRequest,
    response: noticeFactsAnswer,
    refusals: ['NOT_FOUND', 'FORBIDDEN'],
  }),
};
