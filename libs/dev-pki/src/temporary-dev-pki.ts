import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@kezek/clock';
import { DevPki } from './dev-pki';
import { cachedRsaKeys } from './rsa-keys';

export interface TemporaryDevPki {
  pki: DevPki;
  clock: ManualClock;
  remove(): void;
}

/** A fresh CA in a temporary directory on a fixed clock, with cached keys, for tests in any package. */
export async function openTemporaryDevPki(at: string | Date = '2026-03-02T04:00:00Z'): Promise<TemporaryDevPki> {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-pki-'));
  const clock = new ManualClock(at);
  const pki = await DevPki.open({ dir, clock, keys: cachedRsaKeys() });
  return { pki, clock, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
