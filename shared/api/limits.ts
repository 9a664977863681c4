/** What one call may carry across the host boundary; defined once, named in the messages that enforce them. */

/** The most one API response may carry as JSON; a larger answer is refused with a message naming this limit. */
export const MAX_RESPONSE_BYTES = 64 * 2 ** 20;
/** The most one API request body may carry. */
export const MAX_REQUEST_BYTES = 4 * 2 ** 20;
/**
 * The most the rows of one SQL editor result (`query.run`) may carry, estimated as UTF-8 JSON; rows beyond it are
 * left out and the result is marked truncated. A quarter of MAX_RESPONSE_BYTES leaves room for JSON escapes.
 */
export const MAX_RESULT_BYTES = MAX_RESPONSE_BYTES / 4;

/** 64 MiB, 512 KiB, 10 B. */
export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${+(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${+(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 2 ** 10) return `${+(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} B`;
}
