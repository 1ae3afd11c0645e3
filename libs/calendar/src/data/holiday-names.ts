import { LocalizedName } from '../calendar-data';

/** Names of the days off of Kazakhstan (Law "On holidays in the Republic of Kazakhstan"). */
export const HOLIDAY_NAMES = {
  newYear: { kk: 'Жаңа жыл', ru: 'Новый год', en: "New Year's Day" },
  orthodoxChristmas: { kk: 'Православиелік Рождество', ru: 'Православное Рождество', en: 'Orthodox Christmas' },
  womensDay: { kk: 'Халықаралық әйелдер күні', ru: 'Международный женский день', en: "International Women's Day" },
  nauryz: { kk: 'Наурыз мейрамы', ru: 'Наурыз мейрамы', en: 'Nauryz' },
  unityDay: { kk: 'Қазақстан халқының бірлігі мерекесі', ru: 'Праздник единства народа Казахстана', en: "Kazakhstan People's Unity Day" },
  defenderDay: { kk: 'Отан қорғаушы күні', ru: 'День защитника Отечества', en: 'Defender of the Fatherland Day' },
  victoryDay: { kk: 'Жеңіс күні', ru: 'День Победы', en: 'Victory Day' },
  capitalDay: { kk: 'Астана күні', ru: 'День столицы', en: 'Capital Day' },
  constitutionDay: {
    kk: 'Қазақстан Республикасының Конституциясы күні',
    ru: 'День Конституции Республики Казахстан',
    en: 'Constitution Day',
  },
  republicDay: { kk: 'Республика күні', ru: 'День Республики', en: 'Republic Day' },
  independenceDay: { kk: 'Тәуелсіздік күні', ru: 'День Независимости', en: 'Independence Day' },
  kurbanAit: { kk: 'Құрбан айттың бірінші күні', ru: 'Первый день Курбан айта', en: 'Kurban Ait (first day)' },
} as const satisfies Record<string, LocalizedName>;
