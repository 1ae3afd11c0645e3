import { NOTICE_LANGUAGES, NoticeKind } from '../notification/models/notice-kind';
import { almatyDateTime, renderNotice, smsText } from './notice-templates';

const text = {
  child: 'АЙГЕРІМ ҚЫЗЫ',
  number: 'УО.2024.000016.1',
  referral: 'НП.2026.000042',
  kindergarten: { kk: 'Күншуақ', ru: 'Солнышко' },
  // 23:59:59.999 Almaty on 12 March 2026: the end of a working day (R2).
  deadline: new Date('2026-03-12T18:59:59.999Z'),
  stopListUntil: new Date('2026-03-26T18:59:59.999Z'),
  code: '012345',
};

describe('notice templates', () => {
  const kinds = Object.values(NoticeKind);

  it.each(kinds.flatMap((kind) => NOTICE_LANGUAGES.map((language) => [kind, language] as const)))(
    '%s in %s fills every placeholder',
    (kind, language) => {
      const notice = renderNotice(kind, language, text);
      for (const part of [notice.title, notice.body, smsText(notice)]) {
        expect(part).not.toMatch(/[{}]/);
        expect(part).not.toContain('undefined');
        expect(part.length).toBeGreaterThan(5);
      }
      // A notice about a child names the child; the e-mail confirmation carries its code.
      expect(notice.body).toContain(kind === NoticeKind.EMAIL_CONFIRMATION ? text.code : text.child);
    },
  );

  it('states the kindergarten in the language of the notice, deadlines in Almaty time', () => {
    const kk = renderNotice(NoticeKind.REFERRAL_ISSUED, 'KK', text);
    const ru = renderNotice(NoticeKind.REFERRAL_ISSUED, 'RU', text);
    expect(kk.title).toBe('Жолдама берілді');
    expect(kk.body).toContain('«Күншуақ»');
    expect(ru.body).toContain('«Солнышко»');
    expect(ru.body).toContain('12.03.2026 23:59');
    expect(renderNotice(NoticeKind.REFERRAL_CANCELLED, 'EN', text).body).toContain('26.03.2026 23:59');
    expect(almatyDateTime(new Date('2026-03-02T05:00:00Z'))).toBe('02.03.2026 10:00');
  });

  it('refuses to render a notice whose fact is missing rather than send a placeholder', () => {
    expect(() => renderNotice(NoticeKind.TURN_CAME, 'RU', { child: 'X', number: 'N' })).toThrow(
      'notice TURN_CAME needs deadline',
    );
  });

  it('writes each language in its own words', () => {
    for (const kind of kinds) {
      const [kk, ru, en] = NOTICE_LANGUAGES.map((l) => renderNotice(kind, l, text).title);
      expect(new Set([kk, ru, en]).size).toBe(3);
    }
  });
});
