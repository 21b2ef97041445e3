import { SourceFormatError } from './SourceError.ts';

/** JSON.parse whose failure says what went wrong for a person, not where in V8. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const hint = text.trimStart().startsWith('<') ? ' (looks like HTML or XML)' : '';
    throw new SourceFormatError(`truncated or malformed JSON${hint}`, { cause: error });
  }
}
