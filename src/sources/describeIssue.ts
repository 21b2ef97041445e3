import type { z } from 'zod';

/**
 * One zod issue as a short reason a person can act on: `missing paper.title`,
 * `paper.upvotes: Too small: expected number to be >=0`.
 * Parse with `{ reportInput: true }` so a missing field can be told from a wrong one.
 */
export function describeIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): string {
  const path = [...prefix, ...issue.path].map(String).join('.');
  // A union (text with or without attributes) reports a missing value as invalid_union.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined) {
    return path === '' ? 'missing value' : `missing ${path}`;
  }
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/** The first issue of a failed parse as a reason; one is enough to fix a file by. */
export function describeError(error: z.ZodError, prefix: readonly PropertyKey[] = []): string {
  const first = error.issues[0];
  return first === undefined ? 'invalid value' : describeIssue(first, prefix);
}
