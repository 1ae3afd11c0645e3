import { toAlmatyIso } from '@kezek/clock';
import { NoticeKind, NoticeLanguage } from '../notification/models/notice-kind';

/** The facts a notice states; which ones a kind needs is in its template. */
export interface NoticeText {
  child: string;
  /** The application number, e.g. УО.2018.000016.1. */
  number: string;
  referral?: string;
  kindergarten?: { kk: string; ru: string };
  /** The deadline the notice carries (R10 window, R13 expiry, R14 extension), shown in Almaty time (R1). */
  deadline?: Date;
  /** R16: the end of the stop-list. */
  stopListUntil?: Date;
  /** The e-mail confirmation code. */
  code?: string;
}

export interface RenderedNotice {
  title: string;
  body: string;
}

type Template = Record<NoticeLanguage, RenderedNotice>;

// Wording after the portals' instructions (shared/seeds: «Хабарлама жіберілді», «Жолдама»,
// «стоп-тізім», «кезектен алынып тасталады»; ru «Направление», «стоп-лист», «Снять с очереди»).
const TEMPLATES: Record<NoticeKind, Template> = {
  [NoticeKind.TURN_CAME]: {
    KK: {
      title: 'Кезегіңіз келді',
      body: '{child} баласының кезегі келді (өтініш № {number}). {deadline} дейін мемлекеттік балабақшаны таңдап, жолдама алыңыз. Таңдамасаңыз, орын барлық кезектегілерге қолжетімді болады, ал бала кезекте қалады.',
    },
    RU: {
      title: 'Ваша очередь подошла',
      body: 'Подошла очередь ребёнка {child} (заявление № {number}). До {deadline} выберите государственный детский сад и получите направление. Если выбор не сделан, место станет доступно всем очередникам, а ребёнок сохранит место в очереди.',
    },
    EN: {
      title: 'Your turn has come',
      body: 'The turn of {child} has come (application No. {number}). Choose a state kindergarten and get a referral by {deadline}. Otherwise the seat goes to every child in the queue and {child} keeps its place.',
    },
  },
  [NoticeKind.OFFER_WINDOW_MOVED]: {
    KK: {
      title: 'Балабақшаны таңдау мерзімі өзгерді',
      body: '{child} баласының кезегі келгені туралы хабарлама (өтініш № {number}) жіберілгеннен кейінірек жеткізілді, сондықтан таңдау мерзімі жеткізілген сәттен бастап есептеледі: мемлекеттік балабақшаны таңдап, жолдаманы {deadline} дейін алыңыз.',
    },
    RU: {
      title: 'Срок выбора детского сада изменён',
      body: 'Уведомление о том, что подошла очередь ребёнка {child} (заявление № {number}), доставлено позже, чем отправлено, поэтому срок выбора отсчитывается с момента доставки: выберите государственный детский сад и получите направление до {deadline}.',
    },
    EN: {
      title: 'Your choice window changed',
      body: 'The notice that the turn of {child} has come (application No. {number}) reached you later than it was sent, so the window counts from its delivery: choose a state kindergarten and get a referral by {deadline}.',
    },
  },
  [NoticeKind.REFERRAL_ISSUED]: {
    KK: {
      title: 'Жолдама берілді',
      body: '{child} баласына «{kindergarten}» балабақшасына № {referral} жолдама берілді. Баланы {deadline} дейін балабақшаға қабылдату қажет, әйтпесе жолдама жойылады.',
    },
    RU: {
      title: 'Выдано направление',
      body: 'Ребёнку {child} выдано направление № {referral} в детский сад «{kindergarten}». Ребёнка нужно зачислить до {deadline}, иначе направление будет аннулировано.',
    },
    EN: {
      title: 'Referral issued',
      body: '{child} has referral No. {referral} to the kindergarten «{kindergarten}». The child must be enrolled by {deadline}, otherwise the referral is cancelled.',
    },
  },
  [NoticeKind.REFERRAL_EXPIRES_TOMORROW]: {
    KK: {
      title: 'Жолдаманың мерзімі ертең аяқталады',
      body: '{child} баласының «{kindergarten}» балабақшасына № {referral} жолдамасының мерзімі {deadline} аяқталады. Баланы балабақшаға қабылдатыңыз немесе жолдаманы ұзартыңыз.',
    },
    RU: {
      title: 'Направление истекает завтра',
      body: 'Срок направления № {referral} ребёнка {child} в детский сад «{kindergarten}» истекает {deadline}. Зачислите ребёнка или продлите направление.',
    },
    EN: {
      title: 'Referral expires tomorrow',
      body: 'Referral No. {referral} of {child} to «{kindergarten}» expires on {deadline}. Enrol the child or extend the referral.',
    },
  },
  [NoticeKind.EXTENSION_ACCEPTED]: {
    KK: {
      title: 'Жолдама ұзартылды',
      body: '{child} баласының «{kindergarten}» балабақшасына № {referral} жолдамасы {deadline} дейін ұзартылды.',
    },
    RU: {
      title: 'Направление продлено',
      body: 'Направление № {referral} ребёнка {child} в детский сад «{kindergarten}» продлено до {deadline}.',
    },
    EN: {
      title: 'Referral extended',
      body: 'Referral No. {referral} of {child} to «{kindergarten}» is extended until {deadline}.',
    },
  },
  [NoticeKind.REVOCATION_ACCEPTED]: {
    KK: {
      title: 'Жолдама кері шақырылды',
      body: '{child} баласының № {referral} жолдамасы кері шақырылды. Бала кезектегі бұрынғы орнына қайтарылды (өтініш № {number}).',
    },
    RU: {
      title: 'Направление отозвано',
      body: 'Направление № {referral} ребёнка {child} отозвано. Ребёнок возвращён на прежнее место в очереди (заявление № {number}).',
    },
    EN: {
      title: 'Referral revoked',
      body: 'Referral No. {referral} of {child} is revoked. The child is back at its place in the queue (application No. {number}).',
    },
  },
  [NoticeKind.REFERRAL_CANCELLED]: {
    KK: {
      title: 'Жолдама жойылды',
      body: '{child} баласының № {referral} жолдамасы жойылды, бала {stopListUntil} дейін стоп-тізімге жіберілді. Осы уақытта жолдаманы алу мүмкіндігі бұғатталады.',
    },
    RU: {
      title: 'Направление аннулировано',
      body: 'Направление № {referral} ребёнка {child} аннулировано, ребёнок в стоп-листе до {stopListUntil}. До этого времени получить направление нельзя.',
    },
    EN: {
      title: 'Referral cancelled',
      body: 'Referral No. {referral} of {child} is cancelled and the child is on the stop-list until {stopListUntil}: no referral can be received before then.',
    },
  },
  [NoticeKind.STOP_LIST_OVER]: {
    KK: {
      title: 'Стоп-тізім аяқталды',
      body: '{child} баласы стоп-тізімнен шығарылды (өтініш № {number}). Енді мектепке дейінгі ұйымдарда бос орын болған жағдайда жолдама алуға болады.',
    },
    RU: {
      title: 'Стоп-лист окончен',
      body: 'Ребёнок {child} выведен из стоп-листа (заявление № {number}). Направление снова можно получить при наличии свободных мест.',
    },
    EN: {
      title: 'Stop-list over',
      body: '{child} is off the stop-list (application No. {number}). A referral can be received again where seats are free.',
    },
  },
  [NoticeKind.REMOVED_FROM_QUEUE]: {
    KK: {
      title: 'Бала кезектен алынып тасталды',
      body: '{child} баласы жолдамалар мерзімінде пайдаланылмағандықтан кезектен алынып тасталды (өтініш № {number}).',
    },
    RU: {
      title: 'Ребёнок снят с очереди',
      body: 'Ребёнок {child} снят с очереди: направления не были использованы в срок (заявление № {number}).',
    },
    EN: {
      title: 'Removed from the queue',
      body: '{child} has been removed from the queue: referrals were not used in time (application No. {number}).',
    },
  },
  [NoticeKind.REMOVED_BY_OPERATOR]: {
    KK: {
      title: 'Бала кезектен алынып тасталды',
      body: '{child} баласы білім беру бөлімінің шешімімен кезектен алынып тасталды (өтініш № {number}). Себебі өтініштің өзгерістер тарихында көрсетілген.',
    },
    RU: {
      title: 'Ребёнок снят с очереди',
      body: 'Ребёнок {child} снят с очереди решением отдела образования (заявление № {number}). Причина указана в истории изменений заявления.',
    },
    EN: {
      title: 'Removed from the queue',
      body: "{child} has been removed from the queue by the education department (application No. {number}). The reason is in the application's history.",
    },
  },
  [NoticeKind.ENROLLED]: {
    KK: {
      title: 'Бала балабақшаға қабылданды',
      body: '{child} баласы «{kindergarten}» балабақшасына қабылданды. № {number} өтініш жабылды.',
    },
    RU: {
      title: 'Ребёнок зачислен',
      body: 'Ребёнок {child} зачислен в детский сад «{kindergarten}». Заявление № {number} закрыто.',
    },
    EN: {
      title: 'Child enrolled',
      body: '{child} has been enrolled in «{kindergarten}». Application No. {number} is closed.',
    },
  },
  [NoticeKind.EMAIL_CONFIRMATION]: {
    KK: {
      title: 'Электрондық поштаны растаңыз',
      body: 'Kezek жүйесінде осы электрондық поштаны растау коды: {code}. Кодты {deadline} дейін енгізіңіз. Кезек туралы барлық хабарламалар осы мекенжайға жіберіледі. Егер поштаны Сіз енгізбесеңіз, бұл хатты елемеңіз.',
    },
    RU: {
      title: 'Подтвердите электронную почту',
      body: 'Код подтверждения этого адреса в системе Kezek: {code}. Введите его до {deadline}. На этот адрес будут приходить все уведомления об очереди. Если адрес указали не вы, не обращайте внимания на это письмо.',
    },
    EN: {
      title: 'Confirm your e-mail',
      body: 'Your Kezek confirmation code for this address: {code}. Enter it by {deadline}. Every notice about the queue will come to this address. If you did not give it, ignore this message.',
    },
  },
};

/** dd.MM.yyyy HH:mm in Almaty time (R1), as the portals show dates. */
export function almatyDateTime(at: Date): string {
  const iso = toAlmatyIso(at);
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

function values(text: NoticeText, language: NoticeLanguage): Record<string, string | undefined> {
  return {
    child: text.child,
    number: text.number,
    referral: text.referral,
    kindergarten: text.kindergarten && (language === 'KK' ? text.kindergarten.kk : text.kindergarten.ru),
    deadline: text.deadline && almatyDateTime(text.deadline),
    stopListUntil: text.stopListUntil && almatyDateTime(text.stopListUntil),
    code: text.code,
  };
}

/**
 * The notice of `kind` in `language`. A fact the template needs and `text` lacks is an error,
 * never a "{deadline}" in a parent's SMS.
 */
export function renderNotice(kind: NoticeKind, language: NoticeLanguage, text: NoticeText): RenderedNotice {
  const facts = values(text, language);
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = facts[name];
      if (value === undefined) throw new Error(`notice ${kind} needs ${name}`);
      return value;
    });
  const template = TEMPLATES[kind][language];
  return { title: fill(template.title), body: fill(template.body) };
}

/** The SMS: title and body in one short message. */
export const smsText = (notice: RenderedNotice) => `${notice.title}. ${notice.body}`;
