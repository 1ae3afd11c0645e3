import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INDEX_FILE, PkiIndex, readIndex, writeIndex } from './pki-index';

describe('the PKI index on disk', () => {
  let dir: string;
  const record = (serial: string) => ({
    serial,
    type: 'SIGN' as const,
    iin: '900101300123',
    commonName: 'ТЕСТОВ ТЕСТ',
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    files: { p12: 'a.p12', certificate: 'a.pem', privateKey: 'a.key.pem' },
  });
  const index = (...serials: string[]): PkiIndex => ({
    version: 1,
    publicUrl: 'http://127.0.0.1:1/',
    certificates: serials.map(record),
  });

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kezek-pki-index-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is parsed once while the file is unchanged, and again after a write', () => {
    writeIndex(dir, index('0a'));
    const first = readIndex(dir);
    expect(readIndex(dir)).toBe(first);
    writeIndex(dir, index('0a', '0b'));
    expect(readIndex(dir).certificates.map((c) => c.serial)).toEqual(['0a', '0b']);
  });

  it('sees what another process wrote (its own write-then-rename)', () => {
    writeIndex(dir, index('0a'));
    expect(readIndex(dir).certificates).toHaveLength(1);
    const tmp = join(dir, 'other.tmp');
    writeFileSync(tmp, JSON.stringify(index('0a', '0c')));
    renameSync(tmp, join(dir, INDEX_FILE));
    expect(readIndex(dir).certificates.map((c) => c.serial)).toEqual(['0a', '0c']);
  });
});
