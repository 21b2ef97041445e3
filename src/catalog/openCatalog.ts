import type { Logger } from '../logging/createLogger.ts';
import { mergePaper } from '../papers/mergePaper.ts';
import { normalizePaperId } from '../papers/normalizePaperId.ts';
import { type Paper, type PaperInput, paperDay } from '../papers/paper.ts';
import { type RankedPaper, rankDay } from '../ranking/rankDay.ts';
import { textClauses, topicClauses } from '../search/buildQuery.ts';
import { type QueryResult, SEARCH_WEIGHTS, SearchIndex, TOPIC_WEIGHTS } from '../search/searchIndex.ts';
import { buildSegment, type IndexableDoc, mergeSegments, type Segment } from '../search/segment.ts';
import { resolveTopic, TOPICS } from '../search/topics.ts';
import type { IndexRepository } from '../store/indexRepository.ts';
import { type PaperRepository, UNDATED } from '../store/paperRepository.ts';

/** What an ingest changed. */
export interface IngestSummary {
  received: number;
  added: number;
  updated: number;
  unchanged: number;
}

export interface DayResult {
  day: string;
  papers: RankedPaper[];
  /** When the day is empty: the most recent day that has papers. */
  latest?: { day: string; count: number };
}

export interface TopicCount {
  slug: string;
  label: string;
  count: number;
}

/**
 * The paper catalog: the store's papers plus the in-memory search index over them.
 * Every read is served from memory or one bucket read; writes go through `ingest`.
 */
export interface Catalog {
  ingest(inputs: readonly PaperInput[]): Promise<IngestSummary>;
  day(day: string): Promise<DayResult>;
  /** The best `limit` papers on a topic, and how many papers it has in all. */
  topic(slug: string, limit: number): QueryResult;
  search(text: string, limit: number): QueryResult;
  /** A paper by id or URL; undefined when the store does not have it. */
  show(idOrUrl: string): Promise<Paper | undefined>;
  /** Full records for hits, in the same order. */
  papers(ids: readonly string[]): Promise<Paper[]>;
  /** Every paper filed under these days. */
  papersOnDays(days: readonly string[]): Promise<Paper[]>;
  topics(): TopicCount[];
  /** Days that have papers, newest first. */
  days(): Array<{ day: string; count: number }>;
  stats(): { papers: number; days: number; segments: number };
}

export interface CatalogDeps {
  papers: PaperRepository;
  index: IndexRepository;
  clock: () => Date;
  logger: Logger;
}

/**
 * Weak matches are not listed: a paper needs at least this much evidence (see `Hit.evidence`).
 * One mention of the topic's name in an abstract gives ~0.45, two ~0.6, one in the title ~0.7.
 */
const TOPIC_MIN_EVIDENCE = 0.5;
const SEARCH_RELATIVE_CUT = 0.2;
/** Merge the newest segments when there are more than this many. */
const MAX_SEGMENTS = 8;

/**
 * Opens the catalog: loads the stored index segments, or rebuilds them from the papers when
 * the index is missing or behind (a crash between the two writes).
 */
export async function openCatalog(deps: CatalogDeps): Promise<Catalog> {
  const { papers: repo, index: indexRepo, clock, logger } = deps;
  const index = new SearchIndex();
  let names: string[] = [];

  const generation = await repo.generation();
  const loaded = await indexRepo.load();
  if (loaded && loaded.manifest.generation === generation) {
    index.replace(loaded.segments);
    names = loaded.manifest.segments.map((s) => s.name);
  } else if (generation > 0) {
    logger.warn(
      { generation, indexed: loaded?.manifest.generation },
      'search index is behind the papers; rebuilding it',
    );
    const docs: IndexableDoc[] = [];
    for await (const [, bucket] of repo.allDays()) for (const p of bucket) docs.push(toIndexable(p));
    const segment = buildSegment(docs);
    const manifest = await indexRepo.save([], [segment], generation);
    index.replace([segment]);
    names = manifest.segments.map((s) => s.name);
  }

  /** Counted after every load and write, so autocomplete (which cannot wait) reads memory. */
  function countTopics(): TopicCount[] {
    return TOPICS.map((t) => ({
      slug: t.slug,
      label: t.label,
      count: index.query(topicClauses(t), TOPIC_WEIGHTS, TOPIC_MIN_EVIDENCE, 0).total,
    }));
  }
  let topicCounts = countTopics();

  let writing: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = writing.catch(() => undefined).then(work);
    writing = next;
    return next;
  };

  async function ingestNow(inputs: readonly PaperInput[]): Promise<IngestSummary> {
    const now = clock();
    const latest = new Map<string, PaperInput>();
    for (const input of inputs) latest.set(input.id, input);
    const homeOf = (id: string): string | undefined => {
      const doc = index.get(id);
      return doc ? doc.day || UNDATED : undefined;
    };
    const wanted = new Set<string>();
    for (const input of latest.values()) {
      wanted.add(homeOf(input.id) ?? paperDay(input) ?? UNDATED);
    }
    const buckets = await repo.getDays([...wanted]);
    const byId = new Map<string, [string, Paper]>();
    for (const [day, list] of buckets) for (const p of list) byId.set(p.id, [day, p]);

    const summary: IngestSummary = { received: latest.size, added: 0, updated: 0, unchanged: 0 };
    const changed: Paper[] = [];
    const dirty = new Set<string>();
    for (const input of latest.values()) {
      const found = byId.get(input.id);
      const merged = mergePaper(found?.[1], input, now);
      if (found && merged === found[1]) {
        summary.unchanged++;
        continue;
      }
      if (found) summary.updated++;
      else summary.added++;
      const day = paperDay(merged) ?? UNDATED;
      if (found && found[0] !== day) {
        buckets.set(
          found[0],
          (buckets.get(found[0]) ?? []).filter((p) => p.id !== merged.id),
        );
        dirty.add(found[0]);
      }
      if (!buckets.has(day))
        buckets.set(
          day,
          (await repo.getDay(day)).filter((p) => p.id !== merged.id),
        );
      const list = (buckets.get(day) as Paper[]).filter((p) => p.id !== merged.id);
      list.push(merged);
      buckets.set(day, list);
      dirty.add(day);
      changed.push(merged);
    }
    if (changed.length === 0) return summary;

    const writes = new Map<string, Paper[]>();
    for (const day of dirty)
      writes.set(
        day,
        rankDay(buckets.get(day) ?? []).map((r) => r.paper),
      );
    const generation = await repo.putDays(writes);
    await addSegment(buildSegment(changed.map(toIndexable)), generation);
    topicCounts = countTopics();
    return summary;
  }

  /** Appends a segment, merging the newest ones while they are of similar size (log-structured). */
  async function addSegment(segment: Segment, generation: number): Promise<void> {
    const segments = [...index.segmentList, segment];
    let keep = names.length;
    let tail: Segment[] = [segment];
    while (keep > 0) {
      const prev = segments[keep - 1] as Segment;
      const tailDocs = tail.reduce((n, s) => n + s.docs.length, 0);
      if (keep + 1 <= MAX_SEGMENTS && tailDocs * 2 < prev.docs.length) break;
      keep--;
      tail = [prev, ...tail];
    }
    if (tail.length > 1) {
      const offset = keep;
      // Liveness across all segments, the new one included: it supersedes older copies.
      const live = new SearchIndex(segments);
      tail = [mergeSegments(tail, (s, d) => live.isLive(s + offset, d))];
    }
    const manifest = await indexRepo.save(names.slice(0, keep), tail, generation);
    names = manifest.segments.map((s) => s.name);
    index.replace([...index.segmentList.slice(0, keep), ...tail]);
  }

  const catalog: Catalog = {
    ingest: (inputs) => serial(() => ingestNow(inputs)),
    async day(day) {
      const list = await repo.getDay(day);
      if (list.length > 0) return { day, papers: rankDay(list) };
      const latest = index.days()[0];
      return latest ? { day, papers: [], latest } : { day, papers: [] };
    },
    topic(slug, limit) {
      return index.query(topicClauses(resolveTopic(slug)), TOPIC_WEIGHTS, TOPIC_MIN_EVIDENCE, limit);
    },
    search(text, limit) {
      // Free text has no curated weights: drop matches far weaker than the best one.
      const { hits, total } = index.query(textClauses(text), SEARCH_WEIGHTS, 0, limit);
      const top = hits[0]?.score ?? 0;
      return { hits: hits.filter((h) => h.score >= top * SEARCH_RELATIVE_CUT), total };
    },
    async show(idOrUrl) {
      const id = normalizePaperId(idOrUrl);
      if (!id) return undefined;
      const doc = index.get(id);
      if (!doc) return undefined;
      return (await repo.getDay(doc.day || UNDATED)).find((p) => p.id === id);
    },
    async papersOnDays(days) {
      return [...(await repo.getDays(days)).values()].flat();
    },
    async papers(ids) {
      const days = [...new Set(ids.map((id) => index.get(id)?.day ?? UNDATED).map((d) => d || UNDATED))];
      const buckets = await repo.getDays(days);
      const all = new Map<string, Paper>();
      for (const list of buckets.values()) for (const p of list) all.set(p.id, p);
      return ids.flatMap((id) => all.get(id) ?? []);
    },
    topics: () => topicCounts,
    days: () => index.days(),
    stats: () => ({ papers: index.size, days: index.days().length, segments: index.segmentList.length }),
  };
  return catalog;
}

function toIndexable(p: Paper): IndexableDoc {
  return {
    id: p.id,
    title: p.title,
    day: paperDay(p) ?? '',
    upvotes: p.upvotes,
    abstract: p.abstract,
    keywords: p.keywords,
    authors: p.authors,
  };
}
