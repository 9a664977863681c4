/**
 * Which input columns a scored table carries by default so it joins back to its source: a column named
 * `id`, or ending in `_id` (any case: `customer_id`, `Order_ID`). Callers pass their own list to choose.
 */
export function identifierColumns(columns: readonly string[]): string[] {
  return columns.filter((c) => /(^|_)id$/i.test(c));
}
