import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCatalog } from '../src/catalog/openCatalog.ts';
import { createSilentLogger } from '../src/logging/createLogger.ts';
import type { PaperInput } from '../src/papers/paper.ts';
import { ndcgAtK } from '../src/search/ndcg.ts';
import { parseArxivFeed } from '../src/sources/arxiv/parseArxivFeed.ts';
import { parseDailyPapersText } from '../src/sources/hf/parseDailyPapers.ts';
import { createIndexRepository } from '../src/store/indexRepository.ts';
import { openStore } from '../src/store/openStore.ts';
import { createPaperRepository } from '../src/store/paperRepository.ts';

/** The fixture corpus: every real captured paper, once. */
export function loadFixturePapers(dir = 'test/fixtures'): PaperInput[] {
  const byId = new Map<string, PaperInput>();
  for (const file of readdirSync(join(dir, 'hf')).sort()) {
    for (const p of parseDailyPapersText(readFileSync(join(dir, 'hf', file), 'utf8')).papers) byId.set(p.id, p);
  }
  for (const file of readdirSync(join(dir, 'arxiv')).sort()) {
    for (const p of parseArxivFeed(readFileSync(join(dir, 'arxiv', file), 'utf8')).papers) byId.set(p.id, p);
  }
  return [...byId.values()];
}

interface Judgments {
  topics: Record<string, Record<string, number>>;
}

const words = (s: string): string[] => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** Baseline 1: papers whose text contains the slug (hyphens as spaces), most occurrences first. */
function substringRanking(papers: PaperInput[], slug: string): string[] {
  const needle = slug.replace(/-/g, ' ');
  return papers
    .map((p) => {
      const text = `${p.title} ${p.keywords.join(' ')} ${p.abstract}`.toLowerCase();
      return { id: p.id, n: text.split(needle).length - 1 };
    })
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n)
    .map((x) => x.id);
}

/** Baseline 2: plain BM25 (k1 1.2, b 0.75) over title + abstract, the slug's words as the query. */
function plainBm25Ranking(papers: PaperInput[], slug: string): string[] {
  const docs = papers.map((p) => ({ id: p.id, terms: words(`${p.title} ${p.abstract}`) }));
  const avg = docs.reduce((n, d) => n + d.terms.length, 0) / docs.length;
  const query = words(slug.replace(/-/g, ' '));
  const df = new Map(query.map((q) => [q, docs.filter((d) => d.terms.includes(q)).length]));
  return docs
    .map((d) => {
      let score = 0;
      for (const q of query) {
        const tf = d.terms.filter((t) => t === q).length;
        if (tf === 0) continue;
        const n = df.get(q) ?? 0;
        const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
        score += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.terms.length) / avg));
      }
      return { id: d.id, score };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((x) => x.id);
}

export interface TopicQualityRow {
  topic: string;
  substring: number;
  bm25: number;
  paperboy: number;
}

/** nDCG@10 per topic (topics with at least one relevant paper) for the two baselines and Paperboy. */
export async function measureTopicQuality(dir = 'test/fixtures'): Promise<TopicQualityRow[]> {
  const judgments = JSON.parse(readFileSync(join(dir, 'relevance', 'judgments.json'), 'utf8')) as Judgments;
  const papers = loadFixturePapers(dir);
  const store = await openStore('memory://');
  const catalog = await openCatalog({
    papers: createPaperRepository(store),
    index: createIndexRepository(store),
    clock: () => new Date('2026-08-20T00:00:00Z'),
    logger: createSilentLogger(),
  });
  await catalog.ingest(papers);
  const rows: TopicQualityRow[] = [];
  for (const [topic, grades] of Object.entries(judgments.topics)) {
    const ours = ndcgAtK(
      catalog.topic(topic, 10).hits.map((h) => h.id),
      grades,
    );
    if (ours === undefined) continue;
    rows.push({
      topic,
      substring: ndcgAtK(substringRanking(papers, topic), grades) ?? 0,
      bm25: ndcgAtK(plainBm25Ranking(papers, topic), grades) ?? 0,
      paperboy: ours,
    });
  }
  return rows;
}

export function meanOf(rows: TopicQualityRow[], key: 'substring' | 'bm25' | 'paperboy'): number {
  return rows.reduce((n, r) => n + r[key], 0) / rows.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await measureTopicQuality();
  console.table(
    rows.map((r) => ({
      ...r,
      substring: r.substring.toFixed(2),
      bm25: r.bm25.toFixed(2),
      paperboy: r.paperboy.toFixed(2),
    })),
  );
  console.log(
    'mean',
    meanOf(rows, 'substring').toFixed(3),
    meanOf(rows, 'bm25').toFixed(3),
    meanOf(rows, 'paperboy').toFixed(3),
  );
}
