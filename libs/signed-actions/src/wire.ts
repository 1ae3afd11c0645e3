import { z } from 'zod';
import { ServiceAudience } from '@kezek/service-auth';
import { TWELVE_DIGITS } from '@kezek/iin';

// The internal HTTP API identity serves for signed actions: the request and answer shapes both
// sides validate, so a change of the contract breaks the build of both.

/** Audience of identity's internal API (service tokens minted for another API are refused). */
export const IDENTITY_INTERNAL_AUDIENCE = ServiceAudience.IdentityInternal;

export const SIGNING_REQUESTS_PATH = '/internal/signing-requests';

const iin = z.string().regex(TWELVE_DIGITS, 'must be 12 digits');

/** `<service>.<verb-noun>`, e.g. `queue.withdraw-application`; the XML names it. */
export const actionName = z
  .string()
  .regex(/^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*)+$/, 'must look like service.verb-noun')
  .max(100);

export const prepareSigningRequestBody = z.object({
  action: actionName,
  /** Written into the XML in this order; names are XML element names. */
  parameters: z
    .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/, 'must be a plain identifier'), z.string().max(2000))
    .refine((p) => Object.keys(p).length <= 20, 'at most 20 parameters'),
  /** The application or referral number the action is about. */
  subject: z.string().min(1).max(64),
  /** Whose signature is expected: the signed-in person. */
  signerIin: iin,
});
export type PrepareSigningRequest = z.infer<typeof prepareSigningRequestBody>;

export const submitSignedBody = z.object({
  requestId: z.string().uuid(),
  signedXml: z
    .string()
    .min(1)
    .max(256 * 1024),
  /** The submitting person; a request prepared for someone else is NOT_FOUND to them. */
  signerIin: iin,
});
export type SubmitSigned = z.infer<typeof submitSignedBody>;

export const signingRequestAnswer = z.object({
  id: z.string().uuid(),
  action: actionName,
  xml: z.string(),
  expiresAt: z.coerce.date(),
});
export type SigningRequestView = z.infer<typeof signingRequestAnswer>;

/** A verified signature of a prepared request: what the calling service performs, once. */
export const verifiedActionAnswer = z.object({
  requestId: z.string().uuid(),
  action: actionName,
  parameters: z.record(z.string()),
  subject: z.string(),
  signerIin: iin,
  /** Evidence row in identity (append-only); history entries refer to it. */
  signatureId: z.string().uuid(),
  verifiedAt: z.coerce.date(),
  certificate: z.object({ serialNumber: z.string(), sha256: z.string() }),
});
export type VerifiedAction = z.infer<typeof verifiedActionAnswer>;

// Refusals travel as `{ code, messages, details?, message }` with a 4xx status: the shape of every
// internal API (`internalRefusal` of @kezek/service-auth).
