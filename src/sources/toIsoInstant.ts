/**
 * A date-time in one ISO form (`2026-08-18T00:00:00.000Z`) so papers from every source sort as
 * strings; undefined when the text is not a date.
 */
export function toIsoInstant(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
