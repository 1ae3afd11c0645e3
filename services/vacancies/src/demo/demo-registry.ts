import { demoGroupId, demoKindergartenId, demoReferral } from '@kezek/demo';
import { Language } from '@kezek/subgraph';

/** Regions and districts of the demo portals (real names; ids are the portal configuration's). */
export const DEMO_REGIONS = [
  {
    id: 'astana',
    kk: 'Астана қаласы',
    ru: 'город Астана',
    center: [51.1282, 71.4304],
    spread: [0.05, 0.11],
    districts: [
      ['astana-almaty', 'Алматы ауданы', 'район Алматы'],
      ['astana-esil', 'Есіл ауданы', 'район Есиль'],
      ['astana-saryarka', 'Сарыарқа ауданы', 'район Сарыарка'],
      ['astana-baikonur', 'Байқоңыр ауданы', 'район Байконур'],
      ['astana-nura', 'Нұра ауданы', 'район Нура'],
    ],
    streets: [
      'Мәңгілік Ел даңғылы',
      'Кенесары көшесі',
      'Қабанбай батыр даңғылы',
      'Сығанақ көшесі',
      'Тәуелсіздік даңғылы',
      'Достық көшесі',
      'Ұлы Дала даңғылы',
      'Бөгенбай батыр даңғылы',
      'Жұмабаев көшесі',
      'Сарыарқа даңғылы',
    ],
    phonePrefix: '+7 7172',
  },
  {
    id: 'almaty',
    kk: 'Алматы қаласы',
    ru: 'город Алматы',
    center: [43.2389, 76.8897],
    spread: [0.06, 0.12],
    districts: [
      ['almaty-almaly', 'Алмалы ауданы', 'Алмалинский район'],
      ['almaty-auezov', 'Әуезов ауданы', 'Ауэзовский район'],
      ['almaty-bostandyk', 'Бостандық ауданы', 'Бостандыкский район'],
      ['almaty-zhetysu', 'Жетісу ауданы', 'Жетысуский район'],
      ['almaty-medeu', 'Медеу ауданы', 'Медеуский район'],
      ['almaty-nauryzbay', 'Наурызбай ауданы', 'Наурызбайский район'],
      ['almaty-turksib', 'Түрксіб ауданы', 'Турксибский район'],
      ['almaty-alatau', 'Алатау ауданы', 'Алатауский район'],
    ],
    streets: [
      'Абай даңғылы',
      'Әл-Фараби даңғылы',
      'Төле би көшесі',
      'Райымбек даңғылы',
      'Жандосов көшесі',
      'Сейфуллин даңғылы',
      'Саин көшесі',
      'Момышұлы көшесі',
      'Достық даңғылы',
      'Тимирязев көшесі',
    ],
    phonePrefix: '+7 727',
  },
  {
    id: 'aktobe',
    kk: 'Ақтөбе қаласы',
    ru: 'город Актобе',
    center: [50.2839, 57.1669],
    spread: [0.035, 0.08],
    districts: [
      ['aktobe-astana', 'Астана ауданы', 'район Астана'],
      ['aktobe-almaty', 'Алматы ауданы', 'район Алматы'],
    ],
    streets: [
      'Әбілқайыр хан даңғылы',
      'Санкибай батыр даңғылы',
      'Мәресьев көшесі',
      'Әлия Молдағұлова даңғылы',
      'Есет батыр көшесі',
      'Бөкенбай батыр көшесі',
      'Тургенев көшесі',
      'Брат Жубановтар көшесі',
    ],
    phonePrefix: '+7 7132',
  },
  {
    id: 'akmola',
    kk: 'Ақмола облысы',
    ru: 'Акмолинская область',
    center: [53.2833, 69.3833],
    spread: [0.02, 0.04],
    districts: [
      ['akmola-kokshetau', 'Көкшетау қаласы', 'город Кокшетау'],
      ['akmola-stepnogorsk', 'Степногорск қаласы', 'город Степногорск'],
    ],
    streets: ['Абай көшесі', 'Әуезов көшесі', 'Ақан сері көшесі', 'Назарбаев даңғылы'],
    phonePrefix: '+7 7162',
  },
  {
    id: 'karaganda',
    kk: 'Қарағанды облысы',
    ru: 'Карагандинская область',
    center: [49.8047, 73.1094],
    spread: [0.03, 0.06],
    districts: [
      ['karaganda-kazybek', 'Қазыбек би атындағы аудан', 'район имени Казыбек би'],
      ['karaganda-alikhan', 'Әлихан Бөкейхан ауданы', 'район Алихана Бокейхана'],
    ],
    streets: ['Бұқар жырау даңғылы', 'Ерубаев көшесі', 'Гоголь көшесі', 'Нұркен Әбдіров даңғылы'],
    phonePrefix: '+7 7212',
  },
] as const;

const NAMES = [
  'Балдырған',
  'Ақбота',
  'Айгөлек',
  'Бөбек',
  'Қуаныш',
  'Нұрлы бала',
  'Шұғыла',
  'Балапан',
  'Ертөстік',
  'Күншуақ',
  'Арай',
  'Жұлдыз',
  'Ақниет',
  'Балауса',
  'Құлыншақ',
  'Мөлдір',
  'Айналайын',
  'Бәйтерек',
  'Еркемай',
  'Гүлдер',
  'Сәби',
  'Томирис',
  'Алтын бесік',
  'Қарлығаш',
  'Тамшы',
];

/** Deterministic pseudo-random numbers, so the demo is the same on every machine. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface DemoKindergarten {
  id: string;
  nameKk: string;
  nameRu: string;
  address: string;
  phone: string;
  lat: number;
  lng: number;
  regionId: string;
  districtId: string;
  isState: boolean;
  languages: Language[];
  groups: Array<{ id: string; groupYear: number; language: Language; capacity: number; freeSeats: number }>;
}

/**
 * 24 kindergartens in each city, 6 in each region, with groups for the 2..5-year-olds as of `now`.
 * The demo referral's group has a free seat at least: the demo journey takes it (free choice, R11).
 */
export function demoKindergartens(now: Date): DemoKindergarten[] {
  const currentYear = now.getUTCFullYear();
  const referralGroupId = demoReferral(now).groupId;
  const out: DemoKindergarten[] = [];
  DEMO_REGIONS.forEach((region, r) => {
    const rand = prng(1000 + r);
    const count = region.id === 'akmola' || region.id === 'karaganda' ? 6 : 24;
    for (let i = 0; i < count; i++) {
      const n = 10 + i * 7 + r;
      const name = NAMES[(i + r * 3) % NAMES.length];
      const district = region.districts[i % region.districts.length];
      const languages = i % 3 === 0 ? [Language.KK] : [Language.KK, Language.RU];
      const id = demoKindergartenId(region.id, n);
      const groups = [];
      for (let age = 2; age <= 5; age++) {
        for (const language of languages) {
          const capacity = 20 + Math.floor(rand() * 11);
          const groupId = demoGroupId(id, age, language);
          const freeSeats = rand() < 0.35 ? 1 + Math.floor(rand() * 3) : 0;
          groups.push({
            id: groupId,
            groupYear: currentYear - age,
            language,
            capacity,
            freeSeats: groupId === referralGroupId ? Math.max(1, freeSeats) : freeSeats,
          });
        }
      }
      out.push({
        id,
        nameKk: `№ ${n} «${name}» бөбекжай-бақшасы`,
        nameRu: `Ясли-сад № ${n} «${name}»`,
        address: `${region.ru}, ${region.streets[i % region.streets.length]}, ${1 + Math.floor(rand() * 120)}`,
        phone: `${region.phonePrefix} ${String(200000 + Math.floor(rand() * 799999)).replace(/(\d{2})(\d{2})(\d{2})/, '$1-$2-$3')}`,
        lat: +(region.center[0] + (rand() - 0.5) * 2 * region.spread[0]).toFixed(6),
        lng: +(region.center[1] + (rand() - 0.5) * 2 * region.spread[1]).toFixed(6),
        regionId: region.id,
        districtId: district[0],
        isState: i % 8 !== 7,
        languages,
        groups,
      });
    }
  });
  return out;
}
