import { ApplicationStatus } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';
import { DOCUMENT_TITLES } from './document-labels';
import {
  contentHash,
  DOCUMENT_TEMPLATES,
  documentText,
  FILING_DOCUMENT_KINDS,
  filingContent,
} from './document-template';
import { DocumentKind } from './models/document-kind.enum';

const content = filingContent({
  number: 'УО.2026.000027.1',
  createdAt: new Date('2026-03-02T16:35:14Z'),
  childFullName: 'Зуһра Мұхтарқызы Сәрсеңбаева',
  childIin: '230131600027',
  childBirthDate: '2023-01-31',
  groupYear: 2023,
  queueArea: { kk: 'Ақтөбе', ru: 'Актобе' },
  privilege: Privilege.OUT_OF_TURN,
  status: ApplicationStatus.IN_QUEUE,
});

describe('document templates', () => {
  it('exist for every filing document; REFERRAL comes with the referrals', () => {
    for (const kind of FILING_DOCUMENT_KINDS) expect(DOCUMENT_TEMPLATES[kind]?.length).toBeGreaterThan(0);
    expect(() => documentText(DocumentKind.REFERRAL, content, 'ru')).toThrow(/no template/);
  });

  it('write the data in the language asked, dates as the portal does, Almaty time (R1)', () => {
    const ru = documentText(DocumentKind.REGISTRATION_NOTICE, content, 'ru');
    expect(ru.title).toBe(DOCUMENT_TITLES.REGISTRATION_NOTICE.ru);
    expect(Object.fromEntries(ru.lines.map((l) => [l.label, l.value]))).toEqual({
      'Номер заявления': 'УО.2026.000027.1',
      'Дата регистрации': '02.03.2026 21:35:14',
      'ФИО ребенка': 'Зуһра Мұхтарқызы Сәрсеңбаева',
      'ИИН ребенка': '230131600027',
      'Дата рождения': '31.01.2023',
      'Год группы': '2023',
      'Очередь (город, район)': 'Актобе',
      'Тип льготы': 'Внеочередной',
      Статус: 'В очереди',
    });
    const kk = documentText(DocumentKind.REGISTRATION_NOTICE, content, 'kk');
    expect(kk.lines.map((l) => l.value)).toEqual(expect.arrayContaining(['Ақтөбе', 'Кезектен тыс', 'Кезекте']));
  });

  it('print the applicant and the language of instruction only where the application records them', () => {
    const full = { ...content, applicantFullName: 'Айгерім Серікқызы', language: 'KK' };
    const kk = documentText(DocumentKind.REGISTRATION_NOTICE, full, 'kk');
    expect(kk.lines).toEqual(
      expect.arrayContaining([
        { label: 'Өтініш берушінің аты-жөні', value: 'Айгерім Серікқызы' },
        { label: 'Оқыту тілі', value: 'Қазақ тілі' },
      ]),
    );
    const labels = documentText(DocumentKind.REGISTRATION_NOTICE, content, 'kk').lines.map((l) => l.label);
    expect(labels).not.toContain('Өтініш берушінің аты-жөні');
    expect(labels).not.toContain('Оқыту тілі');
  });

  it('hash the kind and the content whatever the order of its keys', () => {
    const reordered = Object.fromEntries(Object.entries(content).reverse()) as typeof content;
    expect(contentHash(DocumentKind.CHILD_CARD, reordered)).toBe(contentHash(DocumentKind.CHILD_CARD, content));
    expect(contentHash(DocumentKind.CHILD_CARD, content)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(DocumentKind.BOOK_REGISTRATION, content)).not.toBe(
      contentHash(DocumentKind.CHILD_CARD, content),
    );
    expect(contentHash(DocumentKind.CHILD_CARD, { ...content, childIin: '230131600028' })).not.toBe(
      contentHash(DocumentKind.CHILD_CARD, content),
    );
  });
});
