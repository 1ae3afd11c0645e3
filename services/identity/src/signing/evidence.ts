import { RevocationEvidence } from '@kezek/eds';

/** Revocation evidence as stored: the OCSP response in base64, instants in ISO-8601. */
export function revocationEvidenceJson(evidence: RevocationEvidence): Record<string, unknown> {
  const { ocspResponse, ...rest } = evidence;
  return JSON.parse(
    JSON.stringify({
      ...rest,
      ...(ocspResponse ? { ocspResponse: Buffer.from(ocspResponse).toString('base64') } : {}),
    }),
  );
}
