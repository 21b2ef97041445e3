import type { Logger } from '../logging/createLogger.ts';
import { normalizePaperId } from '../papers/normalizePaperId.ts';
import { type Paper, type PaperInput, paperDay } from '../papers/paper.ts';
import { type RankedPaper, rankDay } from '../ranking/rankDay.ts';
import { textClauses, topicClauses } from '../search/buildQuery.ts';
import { type QueryResult, SEARCH_WEIGHTS, SearchIndex, TOPIC_WEIGHTS } from '../search/searchIndex.ts';
import { buildSegment, type IndexableDoc, mergeSegments, type Segment } from '../search/segment.ts';
import { resolveTopic, TOPICS } from '../search/topics.ts';
import { IndexCorruptError, type IndexRepository } from '../store/indexRepository.ts';
import { type PaperReader, type PaperRepository, UNDATED } from '../store/paperRepository.ts';
import { bucketsToRead, type IngestSummary, planIngest } from './planIngest.ts';

export type { IngestSummary };

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
  topic(slug: string, limit: number, options?: { fresh?: boolean }): QueryResult;
  search(text: string, limit: number): QueryResult;
  /** A paper by id or URL; undefined when the store does not have it. */
  show(idOrUrl: string): Promise<Paper | undefined>;
  /** Full records for hits, in the same order. */
  papers(ids: readonly string[]): Promise<Paper[]>;
  /** Every paper filed under these days. */
  papersOnDays(days: readonly string[]): Promise<Paper[]>;
  topics(): TopicCount[];
  /** Days that have papers, newest first. */
  days(): ReadonlyArray<{ day: string; count: number }>;
  stats(): { papers: number; days: number; segments: number };
  /**
   * Catches up with papers another process wrote to the same store (another shard's ingestion):
   * reloads the index when the store's generation moved. True when it reloaded.
   */
  sync(): Promise<boolean>;
}

export interface CatalogDeps {
  papers: PaperRepository;
  index: IndexRepository;
  clock: () => Date;
  logger: Logger;
  /**
   * Keep the curated topics' lists and records ready after every load and write (default true):
   * what a long-running bot wants. A one-shot CLI command computes them only if it asks.
   */
  warm?: boolean;
}

/**
 * Weak matches are not listed: a paper needs at least this much evidence (see `Hit.evidence`).
 * One mention of the topic's name in an abstract gives ~0.45, two ~0.6, one in the title ~0.7.
 */
const TOPIC_MIN_EVIDENCE = 0.5;
const SEARCH_RELATIVE_CUT = 0.2;
/** How many of each curated topic's best papers are kept ready: ten pages of five. */
const PRECOMPUTED_HITS = 50;
/** …of which the first two pages are also kept as full records, the pages nearly everyone reads. */
const READY_PAPERS_PER_TOPIC = 10;
/** Merge the newest segments when there are more than this many. */
const MAX_SEGMENTS = 8;

/**
 * Opens the catalog: loads the stored index segments, or rebuilds them from the papers when
 * the index is missing or behind (a crash between the two writes).
 */
export async function openCatalog(deps: CatalogDeps): Promise<Catalog> {
  const { papers: repo, index: indexRepo, clock, logger } = deps;
  const index = new SearchIndex();
  /** The day bucket a stored paper lives in, from the index; undefined for an unknown paper. */
  const bucketOf = (id: string): string | undefined => {
    const doc = index.get(id);
    return doc ? doc.day || UNDATED : undefined;
  };
  /** Names of the stored segments the in-memory index matches, in order. */
  let names: string[] = [];
  /** The paper generation the index reflects; -1 forces a reload before the next write. */
  let indexedGeneration = -1;

  /**
   * The full records of the papers in the curated topics' ready lists, so a `/papers topic` page
   * needs no store read. A fixed, small set (at most 50 per topic), replaced after each write: an
   * LRU of whole day buckets did the same for commands but kept the garbage collector busy.
   */
  let readyPapers = new Map<string, Paper>();
  async function loadReadyPapers(): Promise<void> {
    const ids = new Set<string>();
    for (const list of topicLists.values())
      for (const hit of list.hits.slice(0, READY_PAPERS_PER_TOPIC)) ids.add(hit.id);
    const days = [...new Set([...ids].map((id) => bucketOf(id) ?? UNDATED))];
    const ready = new Map<string, Paper>();
    // A few days at a time: the ready papers are spread over many days, and only they are kept.
    for (let i = 0; i < days.length; i += 32) {
      for (const list of (await repo.getDays(days.slice(i, i + 32))).values()) {
        for (const p of list) if (ids.has(p.id)) ready.set(p.id, p);
      }
    }
    readyPapers = ready;
  }

  /**
   * The curated topics' best papers and counts, computed after every load and write: autocomplete
   * (which cannot wait) and the popular `/papers topic` answers read memory. Results change only
   * when papers do, so nothing is lost by keeping them.
   */
  const topicLists = new Map<string, QueryResult>();
  function countTopics(): TopicCount[] {
    topicLists.clear();
    return TOPICS.map((t) => {
      const result = index.query(topicClauses(t), TOPIC_WEIGHTS, TOPIC_MIN_EVIDENCE, PRECOMPUTED_HITS);
      topicLists.set(t.slug, result);
      return { slug: t.slug, label: t.label, count: result.total };
    });
  }

  /**
   * Brings the in-memory index to the store's papers: the stored index when it covers them,
   * else a rebuild from the buckets (after a crash between the two writes, a failed index save,
   * or another process writing the same store).
   */
  async function reload(papers: PaperReader): Promise<void> {
    const generation = await papers.generation();
    const loaded = await indexRepo.load().catch((error: unknown) => {
      if (!(error instanceof IndexCorruptError)) throw error;
      logger.warn({ reason: error.message }, 'stored search index is unreadable');
      return undefined;
    });
    if (loaded && loaded.manifest.generation === generation) {
      index.replace(loaded.segments);
      names = loaded.manifest.segments.map((s) => s.name);
      indexedGeneration = generation;
      return;
    }
    indexedGeneration = -1;
    names = [];
    if (generation === 0) {
      index.replace([]);
      indexedGeneration = 0;
      return;
    }
    logger.warn(
      { generation, indexed: loaded?.manifest.generation },
      'search index does not cover the papers; rebuilding it',
    );
    const docs: IndexableDoc[] = [];
    for await (const [, bucket] of papers.allDays()) for (const p of bucket) docs.push(toIndexable(p));
    const segment = buildSegment(docs);
    index.replace([segment]);
    try {
      names = (await indexRepo.save('any', [], [segment], generation)).segments.map((s) => s.name);
      indexedGeneration = generation;
    } catch (error) {
      logger.error({ err: error }, 'could not store the rebuilt search index; serving it from memory');
    }
  }

  await reload(repo);
  const warm = deps.warm ?? true;
  let topicCounts: TopicCount[] | undefined;
  /** Recounts (and, when warm, reloads the ready records) after a load or a write. */
  async function refreshTopics(): Promise<void> {
    if (!warm) {
      topicCounts = undefined;
      topicLists.clear();
      return;
    }
    topicCounts = countTopics();
    await loadReadyPapers();
  }
  await refreshTopics();

  /**
   * The newest days' lists, ranked: `/papers today` asks for the same day all day long. Only
   * those: caching whatever day was asked last kept the garbage collector busy for nothing.
   */
  const hotDays = new Map<string, RankedPaper[]>();
  /** The last few multi-day lists read (a week, a month, a digest's three days), until the next write. */
  const windows = new Map<string, Paper[]>();
  const WINDOWS_KEPT = 6;
  const HOT_DAYS = 2;

  let writing: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = writing.catch(() => undefined).then(work);
    writing = next;
    return next;
  };

  async function ingestNow(inputs: readonly PaperInput[]): Promise<IngestSummary> {
    const now = clock();
    // Read, merge and write the buckets in one transaction. An index that is behind (another
    // process wrote, or a save failed) is reloaded after it: saving the index is a transaction
    // of its own, which cannot run inside this one.
    const result = await repo.update(async (tx) => {
      const behind = (await tx.generation()) !== indexedGeneration;
      const plan = planIngest(await tx.getDays(bucketsToRead(inputs, bucketOf)), inputs, now);
      const generation = plan.changed.length > 0 ? await tx.putDays(plan.writes) : undefined;
      return { plan, generation, behind };
    });
    const { plan, generation, behind } = result;
    hotDays.clear();
    windows.clear();
    if (behind) {
      await reload(repo);
      await refreshTopics();
      return plan.summary;
    }
    if (generation === undefined) return plan.summary;
    const segment = buildSegment(plan.changed.map(toIndexable));
    try {
      await addSegment(segment, generation);
    } catch (error) {
      // The papers are stored; the index is not. Rebuild it from the papers (also after a conflict).
      logger.warn({ err: error }, 'could not store the search index update; reloading it');
      await reload(repo);
    }
    await refreshTopics();
    return plan.summary;
  }

  /** Appends a segment, merging the newest ones while they are of similar size (log-structured). */
  async function addSegment(segment: Segment, generation: number): Promise<void> {
    if (generation !== indexedGeneration + 1) throw new Error('search index is not at the previous generation');
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
    const manifest = await indexRepo.save(names, names.slice(0, keep), tail, generation);
    names = manifest.segments.map((s) => s.name);
    indexedGeneration = generation;
    index.replace([...index.segmentList.slice(0, keep), ...tail]);
  }

  const catalog: Catalog = {
    ingest: (inputs) => serial(() => ingestNow(inputs)),
    async day(day) {
      let ranked = hotDays.get(day);
      if (!ranked) {
        ranked = rankDay(await repo.getDay(day));
        if (
          index
            .days()
            .slice(0, HOT_DAYS)
            .some((d) => d.day === day)
        )
          hotDays.set(day, ranked);
      }
      if (ranked.length > 0) return { day, papers: ranked };
      const latest = index.days()[0];
      return latest ? { day, papers: [], latest } : { day, papers: [] };
    },
    topic(slug, limit, options) {
      const known = options?.fresh ? undefined : topicLists.get(slug);
      if (known && limit <= PRECOMPUTED_HITS) return { hits: known.hits.slice(0, limit), total: known.total };
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
      const bucket = bucketOf(id);
      if (bucket === undefined) return undefined;
      return readyPapers.get(id) ?? (await repo.getDay(bucket)).find((p) => p.id === id);
    },
    async papersOnDays(days) {
      // Trending windows and digest windows ask for the same few day lists all day long.
      const key = days.join(',');
      const known = windows.get(key);
      if (known) return known;
      const papers = [...(await repo.getDays(days)).values()].flat();
      if (windows.size >= WINDOWS_KEPT) windows.delete(windows.keys().next().value as string);
      windows.set(key, papers);
      return papers;
    },
    async papers(ids) {
      const all = new Map<string, Paper>();
      const unready = ids.filter((id) => !readyPapers.has(id));
      for (const id of ids) {
        const ready = readyPapers.get(id);
        if (ready) all.set(id, ready);
      }
      const days = [...new Set(unready.map((id) => bucketOf(id) ?? UNDATED))];
      const buckets = days.length > 0 ? await repo.getDays(days) : new Map<string, Paper[]>();
      for (const list of buckets.values()) for (const p of list) all.set(p.id, p);
      return ids.flatMap((id) => all.get(id) ?? []);
    },
    topics: () => {
      topicCounts ??= countTopics();
      return topicCounts;
    },
    days: () => index.days(),
    stats: () => ({ papers: index.size, days: index.days().length, segments: index.segmentList.length }),
    sync: () =>
      serial(async () => {
        if ((await repo.generation()) === indexedGeneration) return false;
        hotDays.clear();
        windows.clear();
        await reload(repo);
        await refreshTopics();
        return true;
      }),
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
