import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

const recordSchema = z.object({
  /** Lower-case hex, as written in the certificate. */
  serial: z.string().regex(/^[0-9a-f]+$/),
  type: z.enum(['AUTH', 'SIGN']),
  iin: z.string(),
  commonName: z.string(),
  bin: z.string().optional(),
  notBefore: z.string().datetime(),
  notAfter: z.string().datetime(),
  /** Relative to the state directory in the index; absolute in what DevPki returns. */
  files: z.object({ p12: z.string(), certificate: z.string(), privateKey: z.string() }),
  revocation: z.object({ at: z.string().datetime(), reason: z.enum(REVOCATION_REASONS) }).optional(),
});

const indexSchema = z.object({
  version: z.literal(1),
  /** Base URL written into certificates when the CA was created. */
  publicUrl: z.string().url(),
  certificates: z.array(recordSchema),
});

export type CertificateRecord = z.infer<typeof recordSchema>;
export type PkiIndex = z.infer<typeof indexSchema>;

export const INDEX_FILE = 'index.json';

export function readIndex(dir: string): PkiIndex {
  return indexSchema.parse(JSON.parse(readFileSync(join(dir, INDEX_FILE), 'utf8')));
}

/** Write-then-rename, so a reader in another process (CLI, emulator, server) never sees half a file. */
export function writeIndex(dir: string, index: PkiIndex): void {
  const tmp = join(dir, `${INDEX_FILE}.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(indexSchema.parse(index), null, 2)}\n`);
  renameSync(tmp, join(dir, INDEX_FILE));
}
