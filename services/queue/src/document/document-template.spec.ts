import { ApplicationStatus } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';
import { DOCUMENT_TITLES } from './document-labels';
import { renderDocumentPdf } from './document-pdf';
import {
  contentHash,
  DOCUMENT_TEMPLATES,
  documentText,
  FILING_DOCUMENT_KINDS,
  filingContent,
  referralContent,
} from './document-template';
import { DocumentKind } from './models/document-kind.enum';

// pdf-parse's index runs a demo when it has no parent module: its library file is the extractor.
const pdfText = require('pdf-parse/lib/pdf-parse.js') as (pdf: Buffer) => Promise<{ text: string }>;
/** Kazakh Cyrillic beyond Russian's: every one must survive into the PDF's text. */
const KAZAKH_LETTERS = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];

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

const referral = referralContent(
  {
    number: 'УО.2026.000027.1',
    childFullName: 'Зуһра Мұхтарқызы Сәрсеңбаева',
    childIin: '230131600027',
    childBirthDate: '2023-01-31',
    applicantFullName: 'Сәрсеңбаева Гүлнұр Ерғалиқызы',
  },
  {
    number: 'НП.2026.000001',
    issuedAt: new Date('2026-03-02T16:35:14Z'),
    // R13: the end of the 5th working day, Almaty.
    expiresAt: new Date('2026-03-10T18:59:59.999Z'),
  },
  {
    id: '6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c',
    groupYear: 2023,
    language: 'KK',
    kindergarten: {
      id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
      nameKk: '«Күншуақ» бөбекжайы',
      nameRu: 'Ясли-сад «Куншуак»',
      address: 'Ақтөбе, Әбілқайыр хан даңғылы, 12',
    },
  },
);

describe('document templates', () => {
  it('exist for every kind of document, the referral included', () => {
    for (const kind of [...FILING_DOCUMENT_KINDS, DocumentKind.REFERRAL])
      expect(DOCUMENT_TEMPLATES[kind]?.length).toBeGreaterThan(0);
    expect(DOCUMENT_TEMPLATES.REFERRAL).toEqual(
      expect.arrayContaining(['referralNumber', 'kindergartenName', 'referralValidUntil']),
    );
    // A kind never prints another kind's content.
    expect(() => documentText(DocumentKind.REFERRAL, content, 'ru')).toThrow(/does not state/);
    expect(() => documentText(DocumentKind.CHILD_CARD, referral, 'ru')).toThrow(/does not state/);
  });

  it("write a referral's fields in Russian: the kindergarten in Russian, dates in Almaty time (R1)", () => {
    const ru = documentText(DocumentKind.REFERRAL, referral, 'ru');
    expect(ru.title).toBe('Направление в ДДО');
    expect(ru.lines).toEqual([
      { label: 'Номер направления', value: 'НП.2026.000001' },
      { label: 'ФИО ребенка', value: 'Зуһра Мұхтарқызы Сәрсеңбаева' },
      { label: 'ИИН ребенка', value: '230131600027' },
      { label: 'Дата рождения', value: '31.01.2023' },
      { label: 'Название детского сада', value: 'Ясли-сад «Куншуак»' },
      { label: 'Адрес детского сада', value: 'Ақтөбе, Әбілқайыр хан даңғылы, 12' },
      { label: 'Год группы', value: '2023' },
      { label: 'Язык обучения', value: 'Казахский' },
      { label: 'Дата выдачи направления', value: '02.03.2026 21:35:14' },
      { label: 'Дата истечения срока направления', value: '10.03.2026' },
      { label: 'ФИО заявителя', value: 'Сәрсеңбаева Гүлнұр Ерғалиқызы' },
      { label: 'Номер заявления', value: 'УО.2026.000027.1' },
    ]);
    const kk = documentText(DocumentKind.REFERRAL, referral, 'kk');
    expect(kk.lines.map((l) => l.value)).toEqual(
      expect.arrayContaining(['«Күншуақ» бөбекжайы', 'Қазақ тілі', '10.03.2026']),
    );
  });

  it('render the referral as a kk PDF with every Kazakh letter and as a ru PDF with its fields', async () => {
    const render = async (lang: 'kk' | 'ru') =>
      (
        await pdfText(
          await renderDocumentPdf({
            text: documentText(DocumentKind.REFERRAL, referral, lang),
            lang,
            issuedAt: new Date('2026-03-02T16:35:14Z'),
            verificationCode: 'ABCDEFGHIJKLMNOPQRST',
            verificationUrl: 'https://kezek.example.kz/documents/verify/ABCDEFGHIJKLMNOPQRST',
          }),
        )
      ).text
        // Wrapped lines: the extractor marks a line break inside a paragraph with '·'.
        .replace(/·/g, '')
        .replace(/\s+/g, ' ');
    const kk = await render('kk');
    for (const letter of KAZAKH_LETTERS)
      expect({ letter, found: kk.includes(letter) }).toEqual({ letter, found: true });
    for (const text of [
      'Мектепке дейінгі ұйымға жолдама',
      '«Күншуақ» бөбекжайы',
      'Жолдама нөмірі',
      'ABCDEFGHIJKLMNOPQRST',
    ])
      expect(kk).toContain(text);
    const ru = await render('ru');
    for (const text of [
      'Направление в ДДО',
      'НП.2026.000001',
      'Ясли-сад «Куншуак»',
      'Дата истечения срока направления',
      '10.03.2026',
      '31.01.2023',
      'ABCDEFGHIJKLMNOPQRST',
    ])
      expect(ru).toContain(text);
    expect(ru).not.toContain('«Күншуақ» бөбекжайы');
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

  it("hash a referral's content with its kindergarten: renaming it would show", () => {
    const renamed = { ...referral, kindergarten: { ...referral.kindergarten, name: { kk: 'Жаңа', ru: 'Новый' } } };
    expect(contentHash(DocumentKind.REFERRAL, renamed)).not.toBe(contentHash(DocumentKind.REFERRAL, referral));
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
