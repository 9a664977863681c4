/** The command palette's entries and its fuzzy filter: pure, so the ranking is tested without a DOM. */

export interface Command {
  id: string;
  /** What the row says, e.g. "Go to SQL" or "Open dataset events". */
  title: string;
  /** Where it belongs: "Go to", "Action", "Dataset". */
  group: string;
  /** Extra words that match (not shown), e.g. a dataset's table name. */
  keywords?: string;
  /** The shortcut shown beside it, if any. */
  keys?: string;
  /** Left out of the palette (nothing to act on yet, e.g. an export with no result). */
  disabled?: boolean;
  run(): void;
}

/**
 * How well `query` matches `text` as a subsequence (case-insensitive), or null if it does not: a match at
 * the start of a word or right after the previous matched letter counts more, and shorter texts win ties.
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (!q) return 0;
  const t = text.toLowerCase();
  // Greedy from each place the first letter occurs, keeping the best: "exp" in "Open dataset experiments" starts at "experiments".
  let best: number | null = null;
  for (let start = t.indexOf(q[0]!); start >= 0; start = t.indexOf(q[0]!, start + 1)) {
    const s = greedyScore(q, t, start);
    if (s !== null && (best === null || s > best)) best = s;
  }
  return best === null ? null : best - t.length * 0.01;
}

function greedyScore(q: string, t: string, start: number): number | null {
  let score = 0;
  let at = start - 1;
  for (let k = 0; k < q.length; k++) {
    const i = k === 0 ? start : t.indexOf(q[k]!, at + 1);
    if (i < 0) return null;
    if (k > 0 && i === at + 1) score += 3;
    if (i === 0 || /[\s_\-./]/.test(t[i - 1]!)) score += 5;
    if (k > 0) score -= Math.min(i - at - 1, 5) * 0.1;
    at = i;
  }
  return score;
}

/** The commands that match, best first; with no query, all of them in their given order. */
export function filterCommands<C extends Pick<Command, 'title' | 'group' | 'keywords'>>(commands: readonly C[], query: string): C[] {
  if (!query.trim()) return [...commands];
  return commands
    .map((c, i) => {
      const own = fuzzyScore(query, c.title);
      const other = fuzzyScore(query, `${c.group} ${c.title} ${c.keywords ?? ''}`);
      const score = own ?? (other === null ? null : other - 2);
      return { c, i, score };
    })
    .filter((x): x is { c: C; i: number; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((x) => x.c);
}
