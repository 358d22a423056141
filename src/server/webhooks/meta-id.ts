import * as z from 'zod/mini';

/**
 * An id as Meta's deliveries send it: a string of digits in practice, a number in some samples.
 * Accepted as a short word of letters, digits, `_`, `.` or `-` (a test world's ids too), kept as a string.
 */
export const MetaId = z.union([
  z.string().check(z.regex(/^[\w.-]{1,64}$/)),
  z.pipe(
    z.number().check(z.int(), z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER)),
    z.transform((n: number) => String(n)),
  ),
]);
