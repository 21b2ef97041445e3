/**
 * nDCG@k of a ranked list of ids against graded judgments (id → gain; missing ids gain 0),
 * with the exponential gain 2^g − 1. A topic with no relevant paper has no defined nDCG: undefined.
 */
export function ndcgAtK(
  ranked: readonly string[],
  judgments: Readonly<Record<string, number>>,
  k = 10,
): number | undefined {
  const gain = (g: number) => 2 ** g - 1;
  const dcg = (grades: number[]) => grades.slice(0, k).reduce((sum, g, i) => sum + gain(g) / Math.log2(i + 2), 0);
  const ideal = dcg(Object.values(judgments).sort((a, b) => b - a));
  if (ideal === 0) return undefined;
  return dcg(ranked.map((id) => judgments[id] ?? 0)) / ideal;
}
