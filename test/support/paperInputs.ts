import type { PaperInput } from '../../src/papers/paper.ts';

/** A paper as a source would report it; override what the test is about. */
export function paperInput(overrides: Partial<PaperInput> & Pick<PaperInput, 'id'>): PaperInput {
  return {
    title: `Paper ${overrides.id}`,
    abstract: 'We study a problem and report results.',
    authors: ['Ada Lovelace'],
    publishedAt: '2026-08-18T13:00:00.000Z',
    dailyDate: '2026-08-19',
    upvotes: 1,
    keywords: [],
    categories: [],
    source: 'hf',
    ...overrides,
  };
}
