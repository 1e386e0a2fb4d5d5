/**
 * date values from text and back, as Cassandra's SimpleDateSerializer does it.
 *
 * Reading (dateStringToDays): digits are the raw unsigned day number with the epoch at 2^31
 * (so '0' is 5877641 BC and '2147483648' is 1970-01-01); otherwise ISO_LOCAL_DATE, strictly:
 * yyyy-MM-dd with a four-digit year, or a signed year of more digits ('+10000-01-01').
 * Writing: the same ISO form. Days are counted with civil-calendar arithmetic, not JS Date,
 * because the type's 2^32 days reach far beyond the years a Date can hold.
 */

import { MarshalError } from './marshal-error.js';

const rawDays = /^-?\d+$/;
const isoDate = /^([+-]?)(\d{4,10})-(\d{2})-(\d{2})$/;
const epochShift = 2 ** 31;
const minDays = -(2 ** 31);
const maxDays = 2 ** 31 - 1;

/** Days since 1970-01-01 (signed) for date text; throws MarshalError. */
export function parseDateText(source: string): number {
  if (rawDays.test(source)) {
    const raw = Number(source);
    if (!Number.isSafeInteger(raw) || raw < 0 || raw > 2 ** 32 - 1) {
      throw new MarshalError(`Unable to make unsigned int (for date) from: '${source}'`);
    }
    return raw - epochShift;
  }
  const days = parseIsoDate(source);
  if (days === null) throw new MarshalError(`Unable to coerce '${source}' to a formatted date (long)`);
  if (days < minDays) throw new MarshalError(`Input date ${source} is less than min supported date ${zonedMidnight(minDays)}`);
  if (days > maxDays) throw new MarshalError(`Input date ${source} is greater than max supported date ${zonedMidnight(maxDays)}`);
  return days;
}

/** ISO_LOCAL_DATE: "2024-01-02", "-0001-12-31", "+10000-01-01". */
export function formatDateText(days: number): string {
  const { year, month, day } = civilFromDays(days);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${formatIsoYear(year)}-${two(month)}-${two(day)}`;
}

export function daysFromCivil(year: number, month: number, day: number): number {
  // Howard Hinnant's days_from_civil: exact integer arithmetic over the proleptic Gregorian calendar.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function civilFromDays(days: number): { readonly year: number; readonly month: number; readonly day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function parseIsoDate(source: string): number | null {
  const match = isoDate.exec(source);
  if (match === null) return null;
  const [, sign = '', yearDigits = '', monthText = '', dayText = ''] = match;
  // SignStyle.EXCEEDS_PAD: more than four year digits need a sign, and '+' needs more than four.
  if ((yearDigits.length > 4) !== (sign !== '') && !(sign === '-' && yearDigits.length === 4)) return null;
  const year = (sign === '-' ? -1 : 1) * Number(yearDigits);
  const [month, day] = [Number(monthText), Number(dayText)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

function formatIsoYear(year: number): string {
  if (year > 9999) return `+${year}`;
  if (year < 0) return `-${String(-year).padStart(4, '0')}`;
  return String(year).padStart(4, '0');
}

/** ZonedDateTime.toString() of a UTC midnight, as the range errors print it. */
function zonedMidnight(days: number): string {
  return `${formatDateText(days)}T00:00Z`;
}
