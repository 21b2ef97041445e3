import type { DayResult, IngestSummary, TopicCount } from '../catalog/openCatalog.ts';
import type { IngestReport } from '../jobs/ingestDays.ts';
import type { Paper } from '../papers/paper.ts';
import type { Hit } from '../search/searchIndex.ts';

/** One result row, as `--json` prints it. */
export interface ResultRow {
  id: string;
  title: string;
  score: number;
  day: string | null;
  upvotes: number;
  url: string;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
const hfUrl = (id: string) => `https://huggingface.co/papers/${id}`;

export function hitRows(hits: readonly Hit[]): ResultRow[] {
  return hits.map((h) => ({
    id: h.id,
    title: h.title,
    score: round(h.score),
    day: h.day || null,
    upvotes: h.upvotes,
    url: hfUrl(h.id),
  }));
}

export function dayRows(result: DayResult): ResultRow[] {
  return result.papers.map(({ paper, score }) => ({
    id: paper.id,
    title: paper.title,
    score,
    day: result.day,
    upvotes: paper.upvotes,
    url: paper.links.hf,
  }));
}

/** Numbered lines: rank, score, id, title. */
export function formatRows(rows: readonly ResultRow[], scoreLabel: (r: ResultRow) => string): string {
  const width = String(rows.length).length;
  return rows
    .map((r, i) => `${String(i + 1).padStart(width)}. ${scoreLabel(r).padStart(7)}  ${r.id.padEnd(10)}  ${r.title}`)
    .join('\n');
}

export function formatDay(result: DayResult, rows: readonly ResultRow[]): string {
  if (rows.length > 0) {
    const total = result.papers.length;
    const shown = rows.length < total ? `, the best ${rows.length} shown` : ', best first';
    return `${result.day}: ${total} paper${total === 1 ? '' : 's'}${shown}\n${formatRows(rows, (r) => `▲ ${r.upvotes}`)}`;
  }
  const hint = result.latest
    ? ` The latest day with papers is ${result.latest.day} (${result.latest.count}): today --date ${result.latest.day}`
    : ' The store has no papers yet: run ingest or import.';
  return `No papers on ${result.day} (weekends and holidays have none).${hint}`;
}

export function formatPaper(p: Paper): string {
  const authors =
    p.authors.length > 8 ? `${p.authors.slice(0, 8).join(', ')} +${p.authors.length - 8} more` : p.authors.join(', ');
  const lines = [
    p.title,
    `${p.id} · ${p.dailyDate ?? p.publishedAt?.slice(0, 10) ?? 'undated'} · ▲ ${p.upvotes}${p.comments ? ` · ${p.comments} comments` : ''}`,
    authors && `by ${authors}`,
    p.keywords.length > 0 && `keywords: ${p.keywords.join(', ')}`,
    p.categories.length > 0 && `categories: ${p.categories.join(', ')}`,
    '',
    p.aiSummary ?? p.abstract,
    '',
    `Hugging Face: ${p.links.hf}`,
    `arXiv: ${p.links.arxiv}`,
    `PDF: ${p.links.pdf}`,
    p.githubRepo && `GitHub: ${p.githubRepo}${p.githubStars !== undefined ? ` (★ ${p.githubStars})` : ''}`,
    p.projectPage && `Project page: ${p.projectPage}`,
  ];
  return lines.filter((l) => l !== false && l !== undefined).join('\n');
}

export function formatTopics(topics: readonly TopicCount[]): string {
  const width = Math.max(...topics.map((t) => t.slug.length));
  return topics.map((t) => `${t.slug.padEnd(width)}  ${String(t.count).padStart(5)}  ${t.label}`).join('\n');
}

export function formatImport(files: number, s: IngestSummary): string {
  return `imported ${files} file${files === 1 ? '' : 's'}: ${s.received} papers (${s.added} new, ${s.updated} updated, ${s.unchanged} unchanged)`;
}

export function formatIngest(r: IngestReport): string {
  const skipped = Object.entries(r.skipped).map(([reason, n]) => `  skipped ${n}: ${reason}`);
  const failed = r.failed.map((f) => `  failed ${f.day}: ${f.reason}`);
  return [
    `ingested ${r.days} day${r.days === 1 ? '' : 's'}: ${r.fetched} fetched, ${r.added} new, ${r.updated} updated, ${r.unchanged} unchanged` +
      (r.empty.length > 0 ? `; no papers on ${r.empty.join(', ')}` : ''),
    ...skipped,
    ...failed,
  ].join('\n');
}
