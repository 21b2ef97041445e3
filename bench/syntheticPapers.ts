import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A deterministic PRNG (mulberry32), so every run benchmarks the same papers. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The running text of the real fixture abstracts: sampling words from it gives synthetic text
 * with a real ML vocabulary and a natural (Zipfian) word frequency.
 */
export function fixtureWords(dir = 'test/fixtures/hf'): string[] {
  const words: string[] = [];
  for (const file of readdirSync(dir)) {
    for (const item of JSON.parse(readFileSync(join(dir, file), 'utf8')) as Array<{ paper: { summary: string } }>) {
      words.push(...item.paper.summary.split(/\s+/).filter(Boolean));
    }
  }
  return words;
}

export interface SyntheticPaper {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  publishedAt: string;
  dailyDate: string;
  upvotes: number;
  keywords: string[];
}

/**
 * `n` realistic papers in the simple import format: ~1.5 kB abstracts, 10 authors, 5 keyword
 * phrases, ~40 papers a day over consecutive days, Zipf-like upvotes.
 */
export function syntheticPapers(n: number, seed = 42): SyntheticPaper[] {
  const rnd = random(seed);
  const words = fixtureWords();
  const pick = () => words[Math.floor(rnd() * words.length)] as string;
  const phrase = (k: number) => Array.from({ length: k }, pick).join(' ');
  const start = Date.UTC(2019, 0, 1);
  const papers: SyntheticPaper[] = [];
  for (let i = 0; i < n; i++) {
    const dayIndex = Math.floor(i / 40);
    const day = new Date(start + dayIndex * 86_400_000).toISOString().slice(0, 10);
    let abstract = '';
    while (abstract.length < 1500) abstract += `${pick()} `;
    papers.push({
      id: `${day.slice(2, 4)}${day.slice(5, 7)}.${String(10000 + (i % 90000)).padStart(5, '0')}`,
      title: phrase(6 + Math.floor(rnd() * 6)),
      abstract: abstract.trim(),
      authors: Array.from(
        { length: 10 },
        (_, k) => `Author ${String.fromCharCode(65 + k)}. Person${Math.floor(rnd() * 5000)}`,
      ),
      publishedAt: `${day}T04:00:00.000Z`,
      dailyDate: day,
      upvotes: Math.floor(1 / (rnd() + 0.01)),
      keywords: Array.from({ length: 5 }, () => phrase(2)),
    });
  }
  // Ids must be unique: the month prefix plus a running number can repeat across years.
  const seen = new Set<string>();
  return papers.filter((p) => !seen.has(p.id) && seen.add(p.id));
}
