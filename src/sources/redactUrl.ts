const SECRET_PARAM = /token|key|secret|pass|auth|sig|session|credential/i;

/**
 * A URL safe to log or put in an error: credentials dropped and the values of
 * secret-looking query parameters replaced, the rest (date, page) kept because it helps.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '[unparseable url]';
  }
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, 'redacted');
  }
  return parsed.toString();
}
