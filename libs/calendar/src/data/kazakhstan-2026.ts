import { CalendarYear } from '../calendar-data';
import { HOLIDAY_NAMES as N, byDate, fixedDateHolidays } from './holiday-names';

/**
 * Kazakhstan 2026, as researched in March 2026 (secondary reports of official publications; the
 * primary acts were not read). Operators correct it; the weekend moves are not listed here but
 * computed by the Labour Code rule (`movedHolidayDaysOff`): 9 March, 24–25 March, 11 May, 26 October.
 *
 * Sources:
 * - The 2026 calendar of days off published on egov.kz, as reported by Kazinform on 2 Jan 2026
 *   (https://www.inform.kz/ru/kak-budut-otdihat-kazahstantsi-v-2026-godu-947dd6,
 *   https://kaz.inform.kz/news/kazakstandiktar-2026-zhili-kanday-merekelerde-demaladi-8d634f) and by
 *   alau.kz (https://alau.kz/perenosy-vyhodnyh-prazdnichnyj-kalendar-kazahstana-na-2026-god/): the
 *   holidays above, moves for 8 Mar, 21–22 Mar, 9 May, 30 Aug and 25 Oct, Kurban Ait on 27 May, and
 *   no other transfers; "15 additional days off" on a five-day week.
 * - The Ministry of Labour's production calendar for 2026 (https://news.mail.ru/society/69046544/,
 *   citing El.kz, 10 Dec 2025; BAQ.KZ https://baq.kz/2026-zhylgy-merekeler-qazaqstandyqtar-qansha-kun-demalady-200027155/):
 *   246 working and 119 rest days (https://alau.kz/kalendar-2026-dlinnye-vyhodnye-perenosy-i-idealnye-dni-dlja-otpuska/,
 *   citing Tengrinews) — what these data give with 30 August restored (see the tests).
 * - Kurban Ait: the Spiritual Administration of Muslims of Kazakhstan (ДУМК) calendar for 2026,
 *   27–29 May, "may move by a day with the new moon" (https://www.zakon.kz/obshestvo/6496885-ramazan2026-oraza-i-kurban-ayt-opublikovan-kalendar-musulmanskikh-prazdnikov-v-kazakhstane.html,
 *   https://kazpravda.kz/n/dumk-obyavilo-daty-musulmanskih-prazdnikov-na-2026-god/).
 * - Constitution Day: the new Constitution adopted at the referendum of 15 March 2026 (87.15 % in
 *   favour, preliminary, https://echofm.online/news/8715-grazhdan-kazahstana-odobrili-novuyu-konstitucziyu-czik)
 *   makes the day of its adoption the state holiday (draft art. 94,
 *   https://qazinform.com/news/kazakhstan-may-change-date-of-constitution-day-0a2f07; Minister of Justice
 *   on 4 Mar 2026: 30 August then loses its status, https://kaz.zakon.kz/sayasat/6077613-zhaa-konstitutsiya-abyldansa-30-tamyz-merekes-kshn-zhoyady.html).
 *   Taspanews on 18 Mar 2026, citing the Ministry of Labour: 30 August 2026 is no longer a day off;
 *   15 March is celebrated from 2027 (https://taspanews.kz/novosti-kazakhstana/v-etom-godu-u-kazakhstantsev-ne-budet-odnogo-vykhodnogo-795514517615).
 * - Decree transfers: no government decree on transferring days off in 2026 was found; the egov.kz
 *   calendar lists none.
 */
export const KAZAKHSTAN_2026: CalendarYear = {
  year: 2026,
  holidays: byDate([
    ...fixedDateHolidays(2026),
    {
      date: '2026-05-27',
      name: N.kurbanAit,
      kind: 'religious',
      confirmed: true,
      note: 'ДУМК calendar for 2026 and the egov.kz calendar; ДУМК warns the date may move by one day with the new moon',
    },
  ]),
  transferredDaysOff: [],
  transferredWorkingDays: [],
  sources: [
    'egov.kz calendar of days off 2026, via Kazinform 2026-01-02 (inform.kz/ru/kak-budut-otdihat-kazahstantsi-v-2026-godu-947dd6)',
    'Ministry of Labour production calendar 2026: 246 working / 119 rest days before the Constitution Day change (alau.kz, Tengrinews, BAQ.KZ)',
    'ДУМК religious calendar 2026: Kurban Ait 27–29 May (zakon.kz 2025-11-06, kazpravda.kz 2026-01-14)',
    'Constitution Day moved to 15 March by the Constitution adopted 2026-03-15; 30 Aug 2026 not a day off (Taspanews 2026-03-18 citing the Ministry of Labour)',
  ],
  notes: [
    'Constitution Day (30 August) is left out: the Ministry of Labour was reported (Taspanews, 18 Mar 2026) to say it is no longer a day off in 2026 after the new Constitution; the amended Law "On holidays" was not seen. If it stays a day off, add 2026-08-30 (Sunday) back and 31 August becomes the moved day off.',
    'No government decree transferring days off in 2026 was found; add any that is adopted.',
  ],
};
