import { plainText } from './plain-text';

describe('plainText', () => {
  it('trims and keeps letters of every script', () => {
    expect(plainText(50).parse('  Зуһра Мұхтарқызы  ')).toBe('Зуһра Мұхтарқызы');
  });

  it('refuses control characters, NUL first of all, and empty or overlong text', () => {
    for (const bad of ['a\u0000b', 'tab\there', 'line\u0007bell', '   ', 'x'.repeat(51)])
      expect(plainText(50).safeParse(bad).success).toBe(false);
  });
});
