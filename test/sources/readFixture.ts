import { readFileSync } from 'node:fs';

const root = new URL('../fixtures/', import.meta.url);

/** The text of a captured response under test/fixtures. */
export function readFixture(path: string): string {
  return readFileSync(new URL(path, root), 'utf8');
}

/** A captured Daily Papers response, parsed, for tests that reshape it. */
export function readHfFixture(name: string): Record<string, unknown>[] {
  const value: unknown = JSON.parse(readFixture(`hf/${name}`));
  if (!Array.isArray(value)) throw new Error(`fixture ${name} is not an array`);
  return value as Record<string, unknown>[];
}

export const HF_FIXTURES = {
  latest: 'daily_papers-2026-06-12-latest-limit30.json',
  aug19: 'daily_papers-2026-08-19.json',
  jul20: 'daily_papers-2026-07-20.json',
  oct2024: 'daily_papers-2024-10-25.json',
} as const;

export const ARXIV_FIXTURES = {
  current: 'arxiv/arxiv_query-2026-06-14-all_transformer_AND_cat_cs.LG.xml',
  old: 'arxiv/arxiv_query-2020-09-04-id_list_1601.00001.xml',
} as const;

/** Item `index` of a reshaped fixture, failing the test loudly if it is not there. */
export function itemAt(items: Record<string, unknown>[], index: number): Record<string, unknown> {
  const item = items[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

/** The `paper` object of item `index` of a Daily Papers fixture. */
export function paperAt(items: Record<string, unknown>[], index: number): Record<string, unknown> {
  const paper = itemAt(items, index).paper;
  if (typeof paper !== 'object' || paper === null) throw new Error(`item ${index} has no paper`);
  return paper as Record<string, unknown>;
}
