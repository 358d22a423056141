import * as z from 'zod/mini';

// zod/mini's format checks (`url`, `iso.datetime`, `int`, `minLength`, `regex`) each bring their own
// machinery to the page's first paint, about 2 KB gzip together; one `refine` per rule says the same
// for a fraction of it. The message is what `describeIssue` shows after the path.
const rule = <T>(holds: (value: T) => boolean, says: string) => z.refine<T>(holds, says);

const ISO_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d(:?\d\d)?)$/;

/** A string of at least `minimum` characters. */
export const longString = (minimum = 1) => z.string().check(rule((s: string) => s.length >= minimum, `too short (minimum ${minimum})`));

/** An absolute `http:` or `https:` URL (never `javascript:` and the like). */
export const httpUrl = () => z.string().check(rule((s: string) => /^https?:\/\//i.test(s) && URL.canParse(s), 'expected a url'));

/** An ISO 8601 date and time with its offset (`2026-11-28T14:12:05Z`, `…+07:00`). */
export const isoDateTime = () => z.string().check(rule((s: string) => ISO_DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)), 'expected a datetime'));

/** A whole number, zero or more. */
export const count = () => z.number().check(rule((n: number) => Number.isSafeInteger(n) && n >= 0, 'expected a whole number, zero or more'));

/** A string matching `pattern`; `says` is the message when it does not. */
export const matching = (pattern: RegExp, says: string) => z.string().check(rule((s: string) => pattern.test(s), says));
