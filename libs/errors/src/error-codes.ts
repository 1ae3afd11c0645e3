import { PortalPolicy } from '@kezek/policy';

/**
 * The fixed list of `extensions.code` values portals rely on (contract/README.md), with the
 * message a portal shows. One place for every user-facing refusal text in kk/ru/en; a text that
 * states a rule's number is rendered from the portal's policy in force, never written here.
 */
export interface Messages {
  kk: string;
  ru: string;
  en: string;
}

/** Russian agreement of a noun with a number: 1 день, 2 дня, 5 дней (11–14 take the last form). */
function ru(n: number, one: string, few: string, many: string): string {
  const [tens, units] = [n % 100, n % 10];
  if (tens >= 11 && tens <= 14) return many;
  return units === 1 ? one : units >= 2 && units <= 4 ? few : many;
}
/** The genitive after «до», «в течение»: до 1 года, до 6 лет, 21 часа, 24 часов. */
const ruGenitive = (n: number, one: string, other: string) => (n % 10 === 1 && n % 100 !== 11 ? one : other);
const en = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const WORKING_DAYS = ['рабочий день', 'рабочих дня', 'рабочих дней'] as const;
const CALENDAR_DAYS = ['календарный день', 'календарных дня', 'календарных дней'] as const;

export const ERROR_MESSAGES = {
  UNAUTHENTICATED: {
    kk: 'Жүйеге кіру қажет.',
    ru: 'Требуется вход в систему.',
    en: 'Sign-in is required.',
  },
  FORBIDDEN: {
    kk: 'Бұл әрекетке құқығыңыз жоқ.',
    ru: 'Недостаточно прав для этого действия.',
    en: 'You are not allowed to do this.',
  },
  NOT_FOUND: {
    kk: 'Сұралған жазба табылмады.',
    ru: 'Запрошенная запись не найдена.',
    en: 'The requested record was not found.',
  },
  VALIDATION_FAILED: {
    kk: 'Деректер қате толтырылған.',
    ru: 'Данные заполнены неверно.',
    en: 'The input is not valid.',
  },
  BAD_REQUEST: {
    kk: 'Сұрау қате құрылған.',
    ru: 'Запрос составлен неверно.',
    en: 'The request is malformed.',
  },
  PAYLOAD_TOO_LARGE: {
    kk: 'Сұрау тым үлкен.',
    ru: 'Слишком большой запрос.',
    en: 'The request is too large.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    kk: 'Сұрау JSON форматында жіберілуі керек.',
    ru: 'Запрос должен быть отправлен в формате JSON.',
    en: 'The request must be sent as JSON.',
  },
  UNKNOWN_PORTAL: {
    kk: 'Портал анықталмады (x-kezek-portal тақырыбы).',
    ru: 'Портал не определён (заголовок x-kezek-portal).',
    en: 'Unknown portal (x-kezek-portal header).',
  },
  QUERY_TOO_COMPLEX: {
    kk: 'Сұрау тым күрделі.',
    ru: 'Запрос слишком сложный.',
    en: 'The query is too complex.',
  },
  RATE_LIMITED: {
    kk: 'Сұраулар тым көп. Бір минуттан кейін қайталаңыз.',
    ru: 'Слишком много запросов. Повторите через минуту.',
    en: 'Too many requests. Try again in a minute.',
  },
  SIGNATURE_INVALID: {
    kk: 'ЭЦҚ қолтаңбасы жарамсыз.',
    ru: 'Подпись ЭЦП недействительна.',
    en: 'The digital signature is not valid.',
  },
  UNSUPPORTED_ALGORITHM: {
    kk: 'Қолтаңба алгоритмі қолдау көрсетілмейді (RSA кілтін пайдаланыңыз).',
    ru: 'Алгоритм подписи не поддерживается (используйте ключ RSA).',
    en: 'The signature algorithm is not supported (use an RSA key).',
  },
  CERTIFICATE_EXPIRED: {
    kk: 'ЭЦҚ сертификатының мерзімі өткен.',
    ru: 'Срок действия сертификата ЭЦП истёк.',
    en: 'The certificate has expired.',
  },
  CERTIFICATE_REVOKED: {
    kk: 'ЭЦҚ сертификаты кері қайтарылған.',
    ru: 'Сертификат ЭЦП отозван.',
    en: 'The certificate has been revoked.',
  },
  CERTIFICATE_UNTRUSTED: {
    kk: 'ЭЦҚ сертификаты сенімді куәландырушы орталықпен берілмеген.',
    ru: 'Сертификат ЭЦП выдан недоверенным удостоверяющим центром.',
    en: 'The certificate was not issued by a trusted authority.',
  },
  REVOCATION_UNAVAILABLE: {
    kk: 'Сертификаттың күйін тексеру мүмкін болмады. Кейінірек қайталаңыз.',
    ru: 'Не удалось проверить статус сертификата. Повторите позже.',
    en: 'The certificate status could not be checked. Try again later.',
  },
  WRONG_KEY_USAGE: {
    kk: 'Бұл әрекет үшін басқа кілт қажет (кіру үшін AUTH, қол қою үшін RSA/SIGN).',
    ru: 'Для этого действия нужен другой ключ (AUTH для входа, RSA/SIGN для подписи).',
    en: 'This action needs the other key (AUTH to sign in, SIGN to sign).',
  },
  SIGNER_MISMATCH: {
    kk: 'Құжатқа басқа адам қол қойған.',
    ru: 'Документ подписан другим лицом.',
    en: 'The document was signed by another person.',
  },
  SIGNING_REQUEST_EXPIRED: {
    kk: 'Қол қою сұрауының мерзімі өтті. Әрекетті қайта бастаңыз.',
    ru: 'Срок запроса на подпись истёк. Начните действие заново.',
    en: 'The signing request has expired. Start the action again.',
  },
  EXTENSION_ALREADY_USED: (p) => ({
    kk: `Жолдаманы ұзарту мүмкіндігі пайдаланылған (${p.extensionsAllowed} рет).`,
    ru: `Продление направления уже использовано (допускается ${p.extensionsAllowed} ${ru(p.extensionsAllowed, 'раз', 'раза', 'раз')}).`,
    en: `The referral has already been extended the allowed number of times (${p.extensionsAllowed}).`,
  }),
  EXTENSION_TOO_LONG: (p) => ({
    kk: `Жолдаманы ${p.extensionMaxCalendarDays} күнтізбелік күннен артық ұзартуға болмайды.`,
    ru: `Направление нельзя продлить более чем на ${p.extensionMaxCalendarDays} ${ru(p.extensionMaxCalendarDays, ...CALENDAR_DAYS)}.`,
    en: `A referral cannot be extended by more than ${en(p.extensionMaxCalendarDays, 'calendar day')}.`,
  }),
  REVOCATION_WINDOW_CLOSED: (p) => ({
    kk: `Жолдаманы берілгеннен кейін ${p.revocationWindowHours} сағат ішінде ғана кері шақыруға болады.`,
    ru: `Отозвать направление можно только в течение ${p.revocationWindowHours} ${ruGenitive(p.revocationWindowHours, 'часа', 'часов')} после выдачи.`,
    en: `A referral can be revoked only within ${en(p.revocationWindowHours, 'hour')} of issue.`,
  }),
  ON_STOP_LIST: (p) => ({
    kk: `Бала тоқтату тізімінде тұр: пайдаланылмаған жолдамадан кейін ${p.stopListWorkingDays} жұмыс күні ұсыныс берілмейді.`,
    ru: `Ребёнок находится в стоп-листе: ${p.stopListWorkingDays} ${ru(p.stopListWorkingDays, ...WORKING_DAYS)} после неиспользованного направления предложения не направляются.`,
    en: `The child is on the stop-list: no offers for ${en(p.stopListWorkingDays, 'working day')} after an unused referral.`,
  }),
  NOT_YOUR_TURN: ({ interleave: { firstPriority: a, general: b } }) => ({
    kk: `Кезегіңіз әлі келген жоқ. Орындар алдымен кезектен тыс құқығы бар балаларға, содан кейін бірінші кезектегі және жалпы кезектегі балаларға ${a} : ${b} ретімен беріледі.`,
    ru: `Ваша очередь ещё не подошла. Места получают сначала дети с внеочередным правом, затем дети с первоочередным правом и общей очереди в порядке ${a} : ${b}.`,
    en: `It is not your turn yet. Seats go first to out-of-turn children, then to first-priority and general children in turn, ${a} : ${b}.`,
  }),
  OFFER_WINDOW_CLOSED: (p) => ({
    kk: `Балабақшаны таңдау мерзімі (${p.offerWindowWorkingDays} жұмыс күні) өтті.`,
    ru: `Срок выбора детского сада (${p.offerWindowWorkingDays} ${ru(p.offerWindowWorkingDays, ...WORKING_DAYS)}) истёк.`,
    en: `The time to choose a kindergarten (${en(p.offerWindowWorkingDays, 'working day')}) has ended.`,
  }),
  REFERRAL_EXPIRED: (p) => ({
    kk: `Жолдаманың қолданылу мерзімі (${p.referralValidityWorkingDays} жұмыс күні) өтті.`,
    ru: `Срок действия направления (${p.referralValidityWorkingDays} ${ru(p.referralValidityWorkingDays, ...WORKING_DAYS)}) истёк.`,
    en: `The referral's validity (${en(p.referralValidityWorkingDays, 'working day')}) has ended.`,
  }),
  PRIVILEGE_DOCUMENT_TOO_OLD: (p) => ({
    kk: `Жеңілдікті растайтын құжаттар жолдама сұралғанға дейін ${p.privilegeDocumentMaxAgeCalendarDays} күнтізбелік күннен ерте берілмеуі керек.`,
    ru: `Документы, подтверждающие льготу, должны быть выданы не ранее чем за ${p.privilegeDocumentMaxAgeCalendarDays} ${ru(p.privilegeDocumentMaxAgeCalendarDays, ...CALENDAR_DAYS)} до запроса направления.`,
    en: `Privilege documents must be dated no more than ${en(p.privilegeDocumentMaxAgeCalendarDays, 'calendar day')} before the referral request.`,
  }),
  REMOVED_FROM_QUEUE: (p) => ({
    kk: `Өтініш кезектен шығарылды: ${p.expiredReferralsBeforeRemoval} жолдама мерзімінде пайдаланылмады.`,
    ru: `Заявление снято с очереди: неиспользованных в срок направлений — ${p.expiredReferralsBeforeRemoval}.`,
    en: `The application was removed from the queue after ${en(p.expiredReferralsBeforeRemoval, 'referral')} expired unused.`,
  }),
  KINDERGARTEN_NOT_AVAILABLE: {
    kk: 'Бұл балабақшаны бала үшін таңдауға болмайды (басқа аумақ не топ жылы, немесе кері шақырылған жолдамадан кейін уақытша жабық).',
    ru: 'Этот детский сад недоступен для выбора ребёнку (другой район или год группы, либо временно закрыт после отозванного направления).',
    en: 'This kindergarten is not open to the child (another area or group year, or closed for now after a revoked referral).',
  },
  NO_FREE_SEATS: {
    kk: 'Бос орын жоқ.',
    ru: 'Свободных мест нет.',
    en: 'There are no free seats.',
  },
  CHILD_TOO_YOUNG: (p) => ({
    kk: `Бала әлі ${p.offerMinAgeYears} толық жасқа толған жоқ.`,
    ru: `Ребёнку ещё не исполнилось ${p.offerMinAgeYears} ${ru(p.offerMinAgeYears, 'полный год', 'полных года', 'полных лет')}.`,
    en: `The child is not yet ${en(p.offerMinAgeYears, 'full year')} old.`,
  }),
  CHILD_TOO_OLD: (p) => ({
    kk: `Кезекке ${p.queueMaxAgeYears} жасқа дейінгі балалар ғана қойылады.`,
    ru: `В очередь ставятся только дети до ${p.queueMaxAgeYears} ${ruGenitive(p.queueMaxAgeYears, 'года', 'лет')}.`,
    en: `Only children up to ${en(p.queueMaxAgeYears, 'year')} old can be queued.`,
  }),
  CHILD_IIN_INVALID: {
    kk: 'Баланың ЖСН қате: бақылау саны сәйкес келмейді.',
    ru: 'ИИН ребёнка неверен: не сходится контрольный разряд.',
    en: "The child's IIN is not valid: its check digit does not match.",
  },
  CHILD_IIN_MISMATCH: {
    kk: 'Баланың ЖСН туған күніне сәйкес келмейді.',
    ru: 'ИИН ребёнка не соответствует дате рождения.',
    en: "The child's IIN does not match the birth date.",
  },
  ALREADY_IN_QUEUE: {
    kk: 'Бұл бала осы аумақта кезекте тұр.',
    ru: 'Этот ребёнок уже стоит в очереди в этом районе.',
    en: 'This child already has an application in this queue area.',
  },
  PRIVILEGE_DOCUMENT_REQUIRED: {
    kk: 'Жеңілдікті растайтын құжаттың деректерін көрсетіңіз.',
    ru: 'Укажите данные документа, подтверждающего льготу.',
    en: 'Give the details of the document that confirms the privilege.',
  },
  EMAIL_REQUIRED: {
    kk: 'Өтініш беру үшін алдымен электрондық поштаны көрсетіңіз.',
    ru: 'Чтобы подать заявление, сначала укажите адрес электронной почты.',
    en: 'Give your e-mail address before filing an application.',
  },
  QUEUE_AREA_NOT_SERVED: {
    kk: 'Бұл портал таңдалған аумаққа қызмет көрсетпейді.',
    ru: 'Этот портал не обслуживает выбранный район.',
    en: 'This portal does not serve the chosen queue area.',
  },
  NOT_A_PARENT: {
    kk: 'Азаматтық хал актілері тізілімі бойынша Сіз бұл баланың ата-анасы емессіз.',
    ru: 'По данным реестра актов гражданского состояния вы не являетесь родителем этого ребёнка.',
    en: "The civil registry does not list you as this child's parent.",
  },
  EMAIL_CONFIRMATION_INVALID: {
    kk: 'Растау коды қате немесе оның мерзімі өтіп кеткен. Электрондық поштаны қайта енгізіп, жаңа код алыңыз.',
    ru: 'Код подтверждения неверен или устарел. Введите адрес электронной почты снова, чтобы получить новый код.',
    en: 'The confirmation code is wrong or has expired. Enter the e-mail address again to get a new code.',
  },
  ALREADY_AN_APPLICANT: {
    kk: 'Бұл өтініш Сізге бұрыннан тіркелген.',
    ru: 'Это заявление уже привязано к вам.',
    en: 'This application is already yours.',
  },
  CIVIL_REGISTRY_UNAVAILABLE: {
    kk: 'Азаматтық хал актілері тізілімі қазір қолжетімсіз. Кейінірек қайталаңыз.',
    ru: 'Реестр актов гражданского состояния сейчас недоступен. Повторите позже.',
    en: 'The civil registry is not available right now. Try again later.',
  },
  CALENDAR_YEAR_NOT_LOADED: {
    kk: 'Бұл жылдың жұмыс күндерінің күнтізбесі жүктелмеген: мерзімді есептеу мүмкін емес.',
    ru: 'Производственный календарь на этот год не загружен: срок рассчитать нельзя.',
    en: 'The working-day calendar of that year has not been loaded, so the deadline cannot be computed.',
  },
  INVALID_STATE: {
    kk: 'Өтініштің қазіргі күйінде бұл әрекет мүмкін емес.',
    ru: 'Действие невозможно в текущем статусе заявления.',
    en: 'This action is not possible in the current state.',
  },
  CONFLICT: {
    kk: 'Жазба басқа сұраумен өзгертілді. Қайталаңыз.',
    ru: 'Запись изменена другим запросом. Повторите.',
    en: 'The record was changed by another request. Try again.',
  },
  SERVICE_UNAVAILABLE: {
    kk: 'Бұл әрекетке қажетті қызмет қазір қолжетімсіз. Кейінірек қайталаңыз.',
    ru: 'Сервис, необходимый для этого действия, сейчас недоступен. Повторите позже.',
    en: 'A service this action needs is not available right now. Try again later.',
  },
  CLOCK_NOT_MANUAL: {
    kk: 'Уақытты тек қолмен басқарылатын сағаты бар әзірлеу немесе сынақ ортасында жылжытуға болады.',
    ru: 'Сдвигать время можно только на стенде разработки или тестирования с ручными часами.',
    en: 'Time can be moved only on a development or test stand that runs the manual clock.',
  },
  INTERNAL_SERVER_ERROR: {
    kk: 'Ішкі қате. Кейінірек қайталаңыз.',
    ru: 'Внутренняя ошибка. Повторите позже.',
    en: 'Internal error. Try again later.',
  },
} as const satisfies Record<string, Messages | ((policy: PortalPolicy) => Messages)>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** The codes whose message states a number of the portal's policy. */
export type PolicyErrorCode = {
  [C in ErrorCode]: (typeof ERROR_MESSAGES)[C] extends (policy: PortalPolicy) => Messages ? C : never;
}[ErrorCode];
export type FixedErrorCode = Exclude<ErrorCode, PolicyErrorCode>;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code);
}

export function isPolicyErrorCode(code: ErrorCode): code is PolicyErrorCode {
  return typeof ERROR_MESSAGES[code] === 'function';
}

export function isMessages(value: unknown): value is Messages {
  const m = value as Partial<Messages> | null;
  return typeof m === 'object' && m !== null && [m.kk, m.ru, m.en].every((t) => typeof t === 'string' && t !== '');
}

/**
 * CALENDAR_YEAR_NOT_LOADED naming the year (R2): an operator has to load it, so the text says which.
 * The catalogue's entry above is the same refusal without the year, for the contract's list.
 */
export function calendarYearNotLoadedMessages(year: number): Messages {
  return {
    kk: `${year} жылдың жұмыс күндерінің күнтізбесі (мерекелер мен ауыстырулар) жүктелмеген: мерзімді есептеу мүмкін емес.`,
    ru: `Производственный календарь на ${year} год (праздники и переносы) не загружен: срок рассчитать нельзя.`,
    en: `The working-day calendar for ${year} (holidays and transfers) has not been loaded, so the deadline cannot be computed.`,
  };
}

/** A fixed code's messages. */
export function fixedMessages(code: FixedErrorCode): Messages {
  return ERROR_MESSAGES[code];
}

/** A code's messages under `policy` (the portal's policy in force). */
export function renderMessages(code: ErrorCode, policy: PortalPolicy): Messages {
  const source = ERROR_MESSAGES[code] as Messages | ((policy: PortalPolicy) => Messages);
  return typeof source === 'function' ? source(policy) : source;
}
