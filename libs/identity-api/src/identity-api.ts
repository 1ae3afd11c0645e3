import { z } from 'zod';
import { defineInternalEndpoint, ServiceAudience } from '@kezek/internal-api';
import { TWELVE_DIGITS } from '@kezek/iin';

// The internal HTTP API identity serves (signed actions): each endpoint defined once, served by
// services/identity/src/signing/signing.controller.ts and called through IdentityApiClient, so a
// change of the contract breaks the build of both sides.

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

/** identity's signing requests, for every service whose actions are signed. */
export const SigningRequestsApi = {
  /** Stores the exact XML to sign for the calling service and returns it. */
  prepare: defineInternalEndpoint({
    audience: ServiceAudience.IdentityInternal,
    method: 'POST',
    path: '/internal/signing-requests',
    status: 201,
    request: prepareSigningRequestBody,
    response: signingRequestAnswer,
    refusals: [],
  }),
  /** Verifies the signed XML of a request once and stores the evidence. */
  submit: defineInternalEndpoint({
    audience: ServiceAudience.IdentityInternal,
    method: 'POST',
    path: '/internal/signing-requests/submit',
    request: submitSignedBody,
    response: verifiedActionAnswer,
    refusals: [
      'NOT_FOUND',
      'SIGNING_REQUEST_EXPIRED',
      // @kezek/eds's refusals of the signature
      'SIGNATURE_INVALID',
      'UNSUPPORTED_ALGORITHM',
      'CERTIFICATE_EXPIRED',
      'CERTIFICATE_REVOKED',
      'CERTIFICATE_UNTRUSTED',
      'REVOCATION_UNAVAILABLE',
      'WRONG_KEY_USAGE',
      'SIGNER_MISMATCH',
    ],
  }),
};
