import { Holiday, HolidayKind, LocalizedName } from '../calendar-data';

/** Names of the days off of Kazakhstan (Law "On holidays in the Republic of Kazakhstan"). */
export const HOLIDAY_NAMES = {
  newYear: { kk: 'Жаңа жыл', ru: 'Новый год', en: "New Year's Day" },
  orthodoxChristmas: { kk: 'Православиелік Рождество', ru: 'Православное Рождество', en: 'Orthodox Christmas' },
  womensDay: { kk: 'Халықаралық әйелдер күні', ru: 'Международный женский день', en: "International Women's Day" },
  nauryz: { kk: 'Наурыз мейрамы', ru: 'Наурыз мейрамы', en: 'Nauryz' },
  unityDay: {
    kk: 'Қазақстан халқының бірлігі мерекесі',
    ru: 'Праздник единства народа Казахстана',
    en: "Kazakhstan People's Unity Day",
  },
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

/**
 * The fixed-date holidays of the Law "On holidays" that every shipped year shares, written once: a
 * year adds Kurban Ait (its date changes), Constitution Day (moved in 2026) and anything else that
 * differs. Orthodox Christmas is a religious day off, so it never moves off a weekend.
 */
export function fixedDateHolidays(year: number): Holiday[] {
  const day = (monthDay: string, name: LocalizedName, kind: HolidayKind = 'state'): Holiday => ({
    date: `${year}-${monthDay}`,
    name,
    kind,
    confirmed: true,
  });
  const N = HOLIDAY_NAMES;
  return [
    day('01-01', N.newYear),
    day('01-02', N.newYear),
    day('01-07', N.orthodoxChristmas, 'religious'),
    day('03-08', N.womensDay),
    day('03-21', N.nauryz),
    day('03-22', N.nauryz),
    day('03-23', N.nauryz),
    day('05-01', N.unityDay),
    day('05-07', N.defenderDay),
    day('05-09', N.victoryDay),
    day('07-06', N.capitalDay),
    day('10-25', N.republicDay, 'national'),
    day('12-16', N.independenceDay),
  ];
}

/** Holidays in date order, as the shipped years list them. */
export function byDate(holidays: Holiday[]): Holiday[] {
  return [...holidays].sort((a, b) => a.date.localeCompare(b.date));
}
