import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevPki } from '@kezek/dev-pki';
import { demoPerson } from '@kezek/demo';
import { ensureDemoPeople } from './pki';

describe('ensureDemoPeople', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-demo-pki-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('issues AUTH and SIGN once per demo person, and again only what was revoked', async () => {
    const olga = demoPerson('olga');
    const pki = await DevPki.open({ dir });
    const [first] = await ensureDemoPeople(pki, [olga]);
    expect(first).toMatchObject({ iin: olga.iin, name: 'ПЕТРОВА ОЛЬГА ИВАНОВНА', issued: ['AUTH', 'SIGN'] });
    expect(first.auth.files.p12).toMatch(/AUTH_RSA256_/);

    const [again] = await ensureDemoPeople(pki, [olga]);
    expect(again.issued).toEqual([]);
    expect(again.sign.serial).toBe(first.sign.serial);

    pki.revoke(first.sign.serial, 'keyCompromise');
    const [renewed] = await ensureDemoPeople(pki, [olga]);
    expect(renewed.issued).toEqual(['SIGN']);
    expect(renewed.sign.serial).not.toBe(first.sign.serial);
    expect(renewed.auth.serial).toBe(first.auth.serial);
    // A CA and three RSA-2048 keys in .p12 files: CPU-bound seconds, more when the cores are shared.
  }, 60_000);
});
