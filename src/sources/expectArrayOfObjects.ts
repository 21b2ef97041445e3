import { SourceFormatError } from './SourceError.ts';

/**
 * The body as an array of objects, or a {@link SourceFormatError} naming what it was instead.
 * One stray non-object rejects the whole body: it means the response is not what the API sends.
 */
export function expectArrayOfObjects(body: unknown): object[] {
  if (!Array.isArray(body)) {
    const what = body === null ? 'null' : typeof body === 'object' ? 'an object' : `a ${typeof body}`;
    throw new SourceFormatError(`expected an array of papers, got ${what}${quoteApiError(body)}`);
  }
  const items: object[] = [];
  for (const [index, item] of body.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new SourceFormatError(`expected an array of papers, item ${index} is not an object`);
    }
    items.push(item);
  }
  return items;
}

/** Hugging Face errors come as `{"error": "..."}`; quoting it, briefly, makes logs useful. */
function quoteApiError(body: unknown): string {
  if (typeof body !== 'object' || body === null || !('error' in body) || typeof body.error !== 'string') return '';
  return `: ${JSON.stringify(body.error.slice(0, 120))}`;
}
