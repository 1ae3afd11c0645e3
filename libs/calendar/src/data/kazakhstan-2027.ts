import { CalendarYear } from '../calendar-data';
import { HOLIDAY_NAMES as N, byDate, fixedDateHolidays } from './holiday-names';

/**
 * Kazakhstan 2027, a forecast made in March 2026: no official 2027 calendar, decree or ДУМК
 * religious calendar had been published. Fixed-date holidays follow the Law "On holidays"; the
 * weekend moves are computed by the Labour Code rule (4 January, 24 March, 3 May, 10 May).
 *
 * Unconfirmed:
 * - Constitution Day on 15 March (Monday): the Constitution adopted at the referendum of 15 March
 *   2026 makes that day the state holiday, celebrated from 2027 (Taspanews 18 Mar 2026 citing the
 *   Ministry of Labour, https://taspanews.kz/novosti-kazakhstana/v-etom-godu-u-kazakhstantsev-ne-budet-odnogo-vykhodnogo-795514517615);
 *   30 August is no longer listed. The amended Law "On holidays" was not seen.
 * - Kurban Ait on 16 May (Sunday): 10 Dhu al-Hijjah 1448 in the Umm al-Qura calendar (ICU
 *   `islamic-umalqura`, as Node's Intl computes it); the same calendar gives 27 May 2026, the date ДУМК
 *   published for 2026. ДУМК publishes its calendar around November of the year before; it may differ
 *   by a day (17 May would be a Monday day off).
 * - Decree transfers: none known yet (usually adopted in the autumn of the year before).
 */
export const KAZAKHSTAN_2027: CalendarYear = {
  year: 2027,
  holidays: byDate([
    ...fixedDateHolidays(2027),
    {
      date: '2027-03-15',
      name: N.constitutionDay,
      kind: 'state',
      confirmed: false,
      note: 'new date of Constitution Day after the referendum of 15 March 2026; confirm against the amended Law "On holidays" and the egov.kz 2027 calendar',
    },
    {
      date: '2027-05-16',
      name: N.kurbanAit,
      kind: 'religious',
      confirmed: false,
      note: 'astronomical estimate (Umm al-Qura 10 Dhu al-Hijjah 1448); replace with the ДУМК date when published',
    },
  ]),
  transferredDaysOff: [],
  transferredWorkingDays: [],
  sources: [
    'Law "On holidays in the Republic of Kazakhstan" (fixed dates), as listed for 2026 by BAQ.KZ and Kazinform',
    'Constitution Day 15 March from 2027: Taspanews 2026-03-18 citing the Ministry of Labour',
    'Kurban Ait: Umm al-Qura calendar estimate; no ДУМК calendar for 2027 seen',
  ],
  notes: [
    'Forecast: no official 2027 calendar was published when this was written. Check against the egov.kz calendar and any government decree on transfers for 2027.',
    'Kurban Ait is an estimate (16 May, a Sunday); ДУМК may set 17 May (a Monday day off).',
  ],
};
