import { ApplicationStatus } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';
import {
  DOCUMENT_STATEMENTS,
  DOCUMENT_TITLES,
  FIELD_LABELS,
  LANGUAGE_LABELS,
  Labels,
  PRIVILEGE_LABELS,
  STATUS_LABELS,
  VERIFICATION_LABELS,
} from './document-labels';
import { DocumentKind } from './models/document-kind.enum';

const LANGUAGES = ['kk', 'ru', 'en'] as const;
const complete = (labels: Record<string, Labels>, keys: readonly string[]) => {
  expect(Object.keys(labels).sort()).toEqual([...keys].sort());
  for (const key of keys)
    for (const lang of LANGUAGES)
      expect({ key, lang, text: labels[key][lang].trim() }).toMatchObject({ text: expect.stringMatching(/\S/) });
};

describe('document labels', () => {
  it('name every document kind in kk, ru and en, with a statement for each', () => {
    complete(DOCUMENT_TITLES, Object.values(DocumentKind));
    complete(DOCUMENT_STATEMENTS, Object.values(DocumentKind));
  });

  it('name every privilege, status, language of instruction, field and footer line in every language', () => {
    complete(PRIVILEGE_LABELS, Object.values(Privilege));
    complete(STATUS_LABELS, Object.values(ApplicationStatus));
    complete(LANGUAGE_LABELS, ['KK', 'RU', 'EN', 'OTHER']);
    complete(FIELD_LABELS, Object.keys(FIELD_LABELS));
    complete(VERIFICATION_LABELS, Object.keys(VERIFICATION_LABELS));
  });

  it('keep the titles of Общие документы as the portal shows them', () => {
    expect(Object.values(DOCUMENT_TITLES).map((t) => t.ru)).toEqual([
      'Уведомление о регистрации',
      'Извещение о приеме документов',
      'Регистрация ребенка в книге учета',
      'Карточка ребенка',
      'Направление в ДДО',
    ]);
    expect(PRIVILEGE_LABELS.NONE.ru).toBe('Без льготы');
    expect(STATUS_LABELS.REFERRAL_ISSUED.kk).toBe('Жолдама берілді');
  });

  it('write Kazakh in Kazakh: no kk label is a copy of its ru one, except proper names', () => {
    for (const labels of [DOCUMENT_TITLES, DOCUMENT_STATEMENTS, FIELD_LABELS, PRIVILEGE_LABELS, STATUS_LABELS])
      for (const l of Object.values(labels) as Labels[]) expect(l.kk).not.toBe(l.ru);
  });
});
