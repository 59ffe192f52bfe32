/**
 * Dates in a live workbook. A SheetSpec, the engine and the pane count dates as Excel's 1900
 * date system does (serial 1 is 1900-01-01, so 2026-05-31 is 46173); a workbook may use the
 * 1904 date system instead (Excel for Mac's old default, still a per-workbook setting), whose
 * serial of the same date is 1,462 less (ECMA-376 Part 4, "Date Representation": "In the 1904
 * date base system, the lower limit is January 1, 1904, which has serial value 0"). Written
 * unchanged into such a workbook, every date would show four years and a day early. The
 * writer converts the date constants it writes, and the port converts the dates it reads
 * back, so both sides keep speaking 1900 serials.
 */

/** Days between a date's serial in the 1900 system and in the 1904 system. */
export const DAYS_1900_TO_1904 = 1462;

/**
 * Asks the workbook which date system it uses, without touching a cell: Excel's DATE
 * evaluated in the workbook (`Workbook.functions`, ExcelApi 1.2) gives 0 for 1904-01-01 in
 * the 1904 system and 1462 in the 1900 system. Load it, sync, then read with {@link uses1904}.
 * (`Workbook.use1904DateSystem` says it directly, but is a preview API only.)
 * @example const probe = dateSystemProbe(ctx.workbook); await ctx.sync(); uses1904(probe) // false
 */
export function dateSystemProbe(workbook: Excel.Workbook): Excel.FunctionResult<number> {
  return workbook.functions.date(1904, 1, 1).load("value");
}

/**
 * True when a synced {@link dateSystemProbe} says the workbook counts from 1904.
 * @example uses1904({ value: 0 }) // true
 */
export function uses1904(probe: { value: number }): boolean {
  return probe.value === 0;
}

/**
 * Is this number format one that shows a date (so the number under it is a date serial)?
 * The same test Excel applies: outside quoted text, `\`-escaped characters and `[…]`
 * sections (colours, locales, elapsed time), a `y`, a `d`, or an `m` that is not minutes
 * (an `m` right after `h` or before `s` is minutes). Pure time formats (`h:mm`) are not
 * dates: a time of day is the same fraction in both systems.
 * @example isDateFormat("yyyy-mm-dd") // true
 * @example isDateFormat('m"月"') // true
 * @example isDateFormat("#,##0") // false
 * @example isDateFormat("[h]:mm:ss") // false
 */
export function isDateFormat(numberFormat: string | undefined): boolean {
  if (!numberFormat) return false;
  // Only the first section decides (positive numbers); sections are ;-separated.
  const bare = numberFormat
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[[^\]]*\]/g, "")
    .split(";")[0]
    .toLowerCase()
    .replace(/am\/pm|a\/p/g, "");
  if (/[yd]/.test(bare)) return true;
  // An m is a month unless it follows an h (hh:mm) or comes before an s (mm:ss).
  return /m/.test(bare.replace(/h+[^a-z]*m+/g, "h").replace(/m+[^a-z]*s/g, "s"));
}

/**
 * A 1900-system serial as the workbook stores it.
 * @example toWorkbookSerial(46173, true) // 44711
 */
export function toWorkbookSerial(serial1900: number, date1904: boolean): number {
  return date1904 ? serial1900 - DAYS_1900_TO_1904 : serial1900;
}

/**
 * A serial read from the workbook as a 1900-system serial.
 * @example fromWorkbookSerial(44711, true) // 46173
 */
export function fromWorkbookSerial(serial: number, date1904: boolean): number {
  return date1904 ? serial + DAYS_1900_TO_1904 : serial;
}
