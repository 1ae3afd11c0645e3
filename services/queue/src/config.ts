import { civilRegistryEnv } from '@kezek/civil-registry';
import { z } from 'zod';
import { identityApiEnv } from '@kezek/identity-api';
import { ServiceConfig } from '@kezek/service-runtime';
import { vacanciesApiEnv } from '@kezek/vacancies-api';

const httpUrl = z
  .string({ required_error: 'is required' })
  .url('must be a URL')
  .refine((v) => /^https?:\/\//.test(v), 'must start with http:// or https://');

/** The documents' links (document/document-link.ts) and the verification URL of their QR codes. */
export const documentEnv = {
  /** Signs the short-lived links to documents' PDFs (HMAC-SHA256); only queue holds it. */
  DOCUMENTS_LINK_SECRET: z.string({ required_error: 'is required' }).min(32, 'must be at least 32 characters'),
  DOCUMENTS_LINK_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  /** The gateway as portals (and phones scanning a QR code) reach it: documents' links start with it. */
  DOCUMENTS_PUBLIC_URL: httpUrl.transform((v) => v.replace(/\/+$/, '')),
  /** What a document's QR code opens, followed by its code; the gateway's public check by default. */
  DOCUMENTS_VERIFY_URL: httpUrl.optional(),
};

/**
 * queue's own variables: where identity's and vacancies' internal APIs are and the secret to call
 * them, the civil registry (R9), the documents' links (R22).
 */
export const queueEnv = { ...identityApiEnv, ...vacanciesApiEnv, ...civilRegistryEnv, ...documentEnv };

export type QueueConfig = ServiceConfig<typeof queueEnv>;
