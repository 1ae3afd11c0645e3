/**
 * The fixed list of `extensions.code` values portals rely on (contract/README.md), with the
 * message a portal shows. One place for every user-facing refusal text in kk/ru/en.
 */
export interface Messages {
  kk: string;
  ru: string;
  en: string;
}

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
  EXTENSION_ALREADY_USED: {
    kk: 'Жолдаманы ұзарту мүмкіндігі пайдаланылған.',
    ru: 'Продление направления уже использовано.',
    en: 'The referral has already been extended once.',
  },
  EXTENSION_TOO_LONG: {
    kk: 'Жолдаманы 30 күнтізбелік күннен артық ұзартуға болмайды.',
    ru: 'Направление нельзя продлить более чем на 30 календарных дней.',
    en: 'A referral cannot be extended by more than 30 calendar days.',
  },
  REVOCATION_WINDOW_CLOSED: {
    kk: 'Жолдаманы берілгеннен кейін бір тәулік ішінде ғана кері шақыруға болады.',
    ru: 'Отозвать направление можно только в течение суток после выдачи.',
    en: 'A referral can be revoked only within 24 hours of issue.',
  },
  ON_STOP_LIST: {
    kk: 'Бала тоқтату тізімінде тұр.',
    ru: 'Ребёнок находится в стоп-листе.',
    en: 'The child is on the stop-list.',
  },
  NOT_YOUR_TURN: {
    kk: 'Кезегіңіз әлі келген жоқ.',
    ru: 'Ваша очередь ещё не подошла.',
    en: 'It is not your turn yet.',
  },
  NO_FREE_SEATS: {
    kk: 'Бос орын жоқ.',
    ru: 'Свободных мест нет.',
    en: 'There are no free seats.',
  },
  CHILD_TOO_YOUNG: {
    kk: 'Бала әлі 2 толық жасқа толған жоқ.',
    ru: 'Ребёнку ещё не исполнилось 2 полных года.',
    en: 'The child is not yet 2 full years old.',
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
  INTERNAL_SERVER_ERROR: {
    kk: 'Ішкі қате. Кейінірек қайталаңыз.',
    ru: 'Внутренняя ошибка. Повторите позже.',
    en: 'Internal error. Try again later.',
  },
} as const satisfies Record<string, Messages>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
