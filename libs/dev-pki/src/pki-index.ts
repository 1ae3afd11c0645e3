import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
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

/** The last index read or written per file, with the stat it had: a write-then-rename gives a new inode. */
const known = new Map<string, { stamp: string; index: PkiIndex }>();
const stampOf = (file: string) => {
  const s = statSync(file);
  return `${s.ino}:${s.size}:${s.mtimeMs}`;
};

/**
 * The index, parsed again only when the file changed (the OCSP responder and the emulator read it on
 * every request, and a parse of a few thousand records costs milliseconds). Shared: never mutate it;
 * a change goes through a copy and `writeIndex`.
 */
export function readIndex(dir: string): Readonly<PkiIndex> {
  const file = join(dir, INDEX_FILE);
  const stamp = stampOf(file);
  const hit = known.get(file);
  if (hit?.stamp === stamp) return hit.index;
  const index = indexSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  known.set(file, { stamp, index });
  return index;
}

/** Write-then-rename, so a reader in another process (CLI, emulator, server) never sees half a file. */
export function writeIndex(dir: string, index: PkiIndex): void {
  const file = join(dir, INDEX_FILE);
  const tmp = join(dir, `${INDEX_FILE}.${process.pid}.tmp`);
  const valid = indexSchema.parse(index);
  writeFileSync(tmp, `${JSON.stringify(valid, null, 2)}\n`);
  renameSync(tmp, file);
  known.set(file, { stamp: stampOf(file), index: valid });
}
