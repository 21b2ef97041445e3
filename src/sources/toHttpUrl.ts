import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/ });

/** The text if it is an http(s) URL, else undefined: a repo link of `""` or `javascript:` is dropped. */
export function toHttpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return httpUrl.safeParse(trimmed).success ? trimmed : undefined;
}
