import { randomBytes } from 'node:crypto';
import { pseudonym } from './pseudonym';

describe('pseudonym', () => {
  const key = randomBytes(32);

  it('is stable across versions of a number and differs between numbers', () => {
    expect(pseudonym(key, 'УО.2026.000123.1')).toBe(pseudonym(key, 'УО.2026.000123.2'));
    expect(pseudonym(key, 'УО.2026.000123.1')).not.toBe(pseudonym(key, 'УО.2026.000124.1'));
    expect(pseudonym(key, 'УО.2026.000123.1')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('depends on the portal key: without it a number says nothing', () => {
    expect(pseudonym(key, 'УО.2026.000123.1')).not.toBe(pseudonym(randomBytes(32), 'УО.2026.000123.1'));
  });
});
