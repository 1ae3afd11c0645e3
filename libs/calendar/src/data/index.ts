import { CalendarYear } from '../calendar-data';
import { KAZAKHSTAN_2026 } from './kazakhstan-2026';
import { KAZAKHSTAN_2027 } from './kazakhstan-2027';

export { HOLIDAY_NAMES } from './holiday-names';
export { KAZAKHSTAN_2026, KAZAKHSTAN_2027 };

/** The default shipped with the code (R2: the current and the next year). */
export const KAZAKHSTAN_DEFAULT_YEARS: readonly CalendarYear[] = [KAZAKHSTAN_2026, KAZAKHSTAN_2027];
