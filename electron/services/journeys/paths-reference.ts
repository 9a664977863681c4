/** Test-only: paths computed the slow, obvious way over events held in memory, to check the SQL against. */
import { DEFAULT_SESSION_GAP_SECONDS, OTHER_NODE, type PathEdge, type PathNode } from '../../../shared/journeys/paths-types';

export interface RefEvent {
  customer: string | null;
  /** Seconds; null is a missing timestamp. */
  time: number | null;
  event: string | null;
  session?: string | null;
}

export interface RefOptions {
  steps: number;
  sessionColumn?: boolean;
  sessionGapSeconds?: number;
  endEvent?: string;
  minWeight?: number;
  limit?: number;
  collapseRepeats?: boolean;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Each session's path (after collapsing, cut to N steps or to the N up to the end event) with its customer and the position of its first step. */
export function referenceSessionPaths(
  events: readonly RefEvent[],
  o: RefOptions,
): { sessions: number; paths: { customer: string; first: number; path: string[] }[] } {
  const gap = o.sessionGapSeconds ?? DEFAULT_SESSION_GAP_SECONDS;
  const groups = new Map<string, RefEvent[]>();
  for (const e of events) {
    if (e.customer === null || e.time === null || e.event === null) continue;
    const key = o.sessionColumn ? JSON.stringify([e.customer, e.session ?? null]) : e.customer;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const sessions: { customer: string; events: string[] }[] = [];
  for (const rows of groups.values()) {
    rows.sort((a, b) => a.time! - b.time! || cmp(a.event!, b.event!));
    let current: RefEvent[] = [];
    const flush = () => sessions.push({ customer: rows[0]!.customer!, events: current.map((x) => x.event!) });
    for (const r of rows) {
      const last = current[current.length - 1];
      if (last && !o.sessionColumn && r.time! - last.time! > gap) {
        flush();
        current = [];
      }
      current.push(r);
    }
    flush();
  }
  const paths: { customer: string; first: number; path: string[] }[] = [];
  for (const { customer, events: raw } of sessions) {
    const s = o.collapseRepeats === false ? raw : raw.filter((e, i) => i === 0 || raw[i - 1] !== e);
    if (o.endEvent === undefined) {
      paths.push({ customer, first: 1, path: s.slice(0, o.steps) });
    } else {
      const end = s.indexOf(o.endEvent);
      if (end < 0) continue;
      const path = s.slice(Math.max(0, end + 1 - o.steps), end + 1);
      paths.push({ customer, first: o.steps - path.length + 1, path });
    }
  }
  return { sessions: sessions.length, paths };
}

/** The customers with a session whose path holds `event` at position `step`, in id order. */
export function referenceNodeCustomers(events: readonly RefEvent[], o: RefOptions, step: number, event: string): string[] {
  const ids = new Set(
    referenceSessionPaths(events, o)
      .paths.filter((p) => p.path[step - p.first] === event)
      .map((p) => p.customer),
  );
  return [...ids].sort(cmp);
}

export function referencePaths(events: readonly RefEvent[], o: RefOptions): { sessions: number; edges: PathEdge[]; nodes: PathNode[] } {
  const { sessions, paths } = referenceSessionPaths(events, o);
  const counts = new Map<string, number>();
  const nodeCounts = new Map<string, number>();
  for (const { first, path } of paths) {
    path.forEach((e, i) => nodeCounts.set(`${first + i}:${e}`, (nodeCounts.get(`${first + i}:${e}`) ?? 0) + 1));
    for (let i = 0; i + 1 < path.length; i++) {
      const key = JSON.stringify([first + i, path[i], path[i + 1]]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const all = [...counts]
    .map(([k, n]) => {
      const [step, from, to] = JSON.parse(k) as [number, string, string];
      return { step, from, to, sessions: n };
    })
    .filter((e) => e.sessions >= (o.minWeight ?? 1))
    .sort((a, b) => b.sessions - a.sessions || a.step - b.step || cmp(a.from, b.from) || cmp(a.to, b.to));
  const kept = all.slice(0, o.limit ?? all.length);
  const shown = new Set(kept.flatMap((e) => [`${e.step}:${e.from}`, `${e.step + 1}:${e.to}`]));
  const folded = new Map<string, PathEdge>();
  const other = new Map<number, { in: number; out: number }>();
  const flow = (step: number) => other.get(step) ?? other.set(step, { in: 0, out: 0 }).get(step)!;
  for (const e of all.slice(kept.length)) {
    const fromShown = shown.has(`${e.step}:${e.from}`);
    const toShown = shown.has(`${e.step + 1}:${e.to}`) && !fromShown;
    const f = { step: e.step, from: fromShown ? e.from : OTHER_NODE, to: toShown ? e.to : OTHER_NODE, sessions: 0 };
    const key = JSON.stringify([f.step, fromShown, f.from, toShown, f.to]);
    (folded.get(key) ?? folded.set(key, f).get(key)!).sessions += e.sessions;
    if (!fromShown) flow(e.step).out += e.sessions;
    if (!toShown) flow(e.step + 1).in += e.sessions;
  }
  const edges = [...kept, ...folded.values()];
  const nodes = new Map<string, PathNode>();
  for (const id of shown) {
    const at = id.indexOf(':');
    nodes.set(id, { id, name: id.slice(at + 1), step: Number(id.slice(0, at)), sessions: nodeCounts.get(id)! });
  }
  for (const [step, f] of other)
    nodes.set(`${step}:${OTHER_NODE}`, { id: `${step}:${OTHER_NODE}`, name: OTHER_NODE, step, sessions: Math.max(f.in, f.out) });
  return { sessions, edges, nodes: [...nodes.values()] };
}
