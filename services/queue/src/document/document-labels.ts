import { ApplicationStatus } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';
import { DocumentKind } from './models/document-kind.enum';

// Every word a document prints, in kk/ru/en, in one place. The wording follows the portal's
// screens in the seeds (Общие документы, the journal's columns and statuses).

export interface Labels {
  kk: string;
  ru: string;
  en: string;
}

/** The languages a PDF is rendered in (R22); `en` labels serve the API (titles) only. */
export type PdfLanguage = 'kk' | 'ru';

export const DOCUMENT_TITLES: Record<DocumentKind, Labels> = {
  REGISTRATION_NOTICE: { kk: 'Тіркеу туралы хабарлама', ru: 'Уведомление о регистрации', en: 'Registration notice' },
  DOCUMENTS_RECEIPT: {
    kk: 'Құжаттарды қабылдау туралы хабарлама',
    ru: 'Извещение о приеме документов',
    en: 'Receipt of documents',
  },
  BOOK_REGISTRATION: {
    kk: 'Баланы есепке алу кітабында тіркеу',
    ru: 'Регистрация ребенка в книге учета',
    en: 'Registration in the book of records',
  },
  CHILD_CARD: { kk: 'Бала карточкасы', ru: 'Карточка ребенка', en: "Child's card" },
  REFERRAL: { kk: 'Мектепке дейінгі ұйымға жолдама', ru: 'Направление в ДДО', en: 'Referral to a kindergarten' },
};

/** The sentence under each title. */
export const DOCUMENT_STATEMENTS: Record<DocumentKind, Labels> = {
  REGISTRATION_NOTICE: {
    kk: 'Өтініш тіркелді, бала мектепке дейінгі ұйымға орналастыру кезегіне қойылды.',
    ru: 'Заявление зарегистрировано, ребенок поставлен в очередь в дошкольную организацию.',
    en: 'The application is registered and the child is queued for a kindergarten.',
  },
  DOCUMENTS_RECEIPT: {
    kk: 'Баланы кезекке қою үшін құжаттар қабылданды.',
    ru: 'Документы для постановки ребенка в очередь приняты.',
    en: 'The documents for queueing the child have been received.',
  },
  BOOK_REGISTRATION: {
    kk: 'Бала мектепке дейінгі ұйымда орынға мұқтаж балаларды есепке алу кітабында тіркелді.',
    ru: 'Ребенок зарегистрирован в книге учета детей, нуждающихся в месте в дошкольной организации.',
    en: 'The child is registered in the book of children who need a kindergarten seat.',
  },
  CHILD_CARD: {
    kk: 'Кезекке қойылған бала туралы мәліметтер.',
    ru: 'Сведения о ребенке, поставленном в очередь.',
    en: 'Details of the queued child.',
  },
  REFERRAL: {
    kk: 'Бала мемлекеттік мектепке дейінгі ұйымға жолданады. Жолдаманың әрекет ету мерзімі ішінде балабақшаға келу қажет, әйтпесе жолдама автоматты түрде жойылады.',
    ru: 'Ребенок направляется в государственную дошкольную организацию. Необходимо явиться в детский сад до истечения срока направления, иначе направление будет автоматически отменено.',
    en: 'The child is referred to a state kindergarten. Come to the kindergarten before the referral expires, or it is cancelled automatically.',
  },
};

export const FIELD_LABELS = {
  number: { kk: 'Өтініш нөмірі', ru: 'Номер заявления', en: 'Application number' },
  registeredAt: { kk: 'Тіркелген күні', ru: 'Дата регистрации', en: 'Registered at' },
  childFullName: { kk: 'Баланың аты-жөні', ru: 'ФИО ребенка', en: "Child's full name" },
  childIin: { kk: 'Баланың ЖСН', ru: 'ИИН ребенка', en: "Child's IIN" },
  childBirthDate: { kk: 'Туған күні', ru: 'Дата рождения', en: 'Date of birth' },
  groupYear: { kk: 'Топ жылы', ru: 'Год группы', en: 'Group year' },
  queueArea: { kk: 'Кезек (қала, аудан)', ru: 'Очередь (город, район)', en: 'Queue area' },
  privilege: { kk: 'Жеңілдік түрі', ru: 'Тип льготы', en: 'Privilege' },
  status: { kk: 'Мәртебесі', ru: 'Статус', en: 'Status' },
  applicantFullName: { kk: 'Өтініш берушінің аты-жөні', ru: 'ФИО заявителя', en: "Applicant's full name" },
  language: { kk: 'Оқыту тілі', ru: 'Язык обучения', en: 'Language of instruction' },
  // The referral's own fields, worded as the portal's referral screens (Информация о направлении).
  referralNumber: { kk: 'Жолдама нөмірі', ru: 'Номер направления', en: 'Referral number' },
  kindergartenName: { kk: 'Балабақшаның атауы', ru: 'Название детского сада', en: 'Kindergarten' },
  kindergartenAddress: { kk: 'Балабақшаның мекенжайы', ru: 'Адрес детского сада', en: "Kindergarten's address" },
  referralIssuedAt: { kk: 'Жолдама берілген күні', ru: 'Дата выдачи направления', en: 'Referral issued at' },
  referralValidUntil: {
    kk: 'Жолдаманың әрекет ету мерзімі',
    ru: 'Дата истечения срока направления',
    en: 'Valid until',
  },
} as const satisfies Record<string, Labels>;

export type DocumentField = keyof typeof FIELD_LABELS;

/** The footer: the code and the QR code that lead to the public check. */
export const VERIFICATION_LABELS = {
  issuedAt: { kk: 'Берілген күні', ru: 'Дата выдачи', en: 'Issued at' },
  code: { kk: 'Тексеру коды', ru: 'Код проверки', en: 'Verification code' },
  hint: {
    kk: 'Құжаттың түпнұсқалығын тексеру үшін QR-кодты сканерлеңіз немесе мына мекенжайды ашыңыз:',
    ru: 'Чтобы проверить подлинность документа, отсканируйте QR-код или откройте адрес:',
    en: 'To check that the document is genuine, scan the QR code or open:',
  },
} as const satisfies Record<string, Labels>;

/** R6, as the journal writes it (Тип льготы). */
export const PRIVILEGE_LABELS: Record<Privilege, Labels> = {
  NONE: { kk: 'Жеңілдіксіз', ru: 'Без льготы', en: 'No privilege' },
  FIRST_PRIORITY: { kk: 'Бірінші кезектегі', ru: 'Первоочередной', en: 'First priority' },
  OUT_OF_TURN: { kk: 'Кезектен тыс', ru: 'Внеочередной', en: 'Out of turn' },
};

/** The journal's statuses (Статус / Статустар). */
export const STATUS_LABELS: Record<ApplicationStatus, Labels> = {
  IN_QUEUE: { kk: 'Кезекте', ru: 'В очереди', en: 'In the queue' },
  NOTIFIED: { kk: 'Хабарлама жіберілді', ru: 'Направлено уведомление', en: 'Notified' },
  REFERRAL_ISSUED: { kk: 'Жолдама берілді', ru: 'Выдано направление', en: 'Referral issued' },
  ENROLLED: { kk: 'Қабылданды', ru: 'Зачислен', en: 'Enrolled' },
  WITHDRAWN: { kk: 'Кезектен шығарылды', ru: 'Снят с очереди', en: 'Withdrawn' },
  REMOVED: { kk: 'Кезектен алынып тасталды', ru: 'Снят с очереди (по правилам)', en: 'Removed from the queue' },
};

/** Languages of instruction (vacancies' Language). */
export const LANGUAGE_LABELS: Record<string, Labels> = {
  KK: { kk: 'Қазақ тілі', ru: 'Казахский', en: 'Kazakh' },
  RU: { kk: 'Орыс тілі', ru: 'Русский', en: 'Russian' },
  EN: { kk: 'Ағылшын тілі', ru: 'Английский', en: 'English' },
  OTHER: { kk: 'Басқа тіл', ru: 'Другой', en: 'Other' },
};
