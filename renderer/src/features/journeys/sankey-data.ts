/** Paths answer → Plotly sankey trace: one node per (position, event), links by index, colours per event name with "Other" grey. */
import { OTHER_NODE, type PathsResult } from '../../../../shared/journeys/paths-types';

/** Colours given to event names in order of first appearance (by position, then weight); they repeat past the end. */
export const SANKEY_PALETTE = [
  '#4c78a8',
  '#f58518',
  '#54a24b',
  '#b279a2',
  '#e45756',
  '#72b7b2',
  '#eeca3b',
  '#9d755d',
  '#ff9da6',
  '#2f6f8f',
];
export const OTHER_COLOUR = '#b8bec7';

export interface SankeyNode {
  id: string;
  name: string;
  step: number;
  sessions: number;
  colour: string;
  /** Column of the node's step, and the centre of its share of that column (0 … 1, Plotly's node x and y). */
  x: number;
  y: number;
}

export interface SankeyData {
  nodes: SankeyNode[];
  /** Node id → index in `nodes` (what the links refer to). */
  index: Map<string, number>;
  links: { source: number[]; target: number[]; value: number[]; colour: string[] };
  steps: number;
  /**
   * Whether a node past the first column has nothing flowing in (a path that starts late, up to an end
   * event): Plotly would draw it in the first column, so then the trace pins every node to x and y.
   */
  pinned: boolean;
}

export const nodeId = (step: number, name: string) => `${step}:${name}`;

/** A translucent link colour from a node's `#rrggbb`. */
export function fade(hex: string, alpha = 0.35): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/**
 * The nodes of the answer, plus any node an edge names that the answer left out (the "Other" nodes), with
 * its sessions the larger of what flows in and out; links in the order of the edges.
 */
export function sankeyData(result: PathsResult): SankeyData {
  const nodes: SankeyNode[] = [];
  const index = new Map<string, number>();
  const colours = new Map<string, string>();
  const colourOf = (name: string) => {
    if (name === OTHER_NODE) return OTHER_COLOUR;
    let c = colours.get(name);
    if (!c) colours.set(name, (c = SANKEY_PALETTE[colours.size % SANKEY_PALETTE.length]!));
    return c;
  };
  const add = (step: number, name: string, sessions: number) => {
    const id = nodeId(step, name);
    const at = index.get(id);
    if (at !== undefined) return at;
    index.set(id, nodes.length);
    nodes.push({ id, name, step, sessions, colour: colourOf(name), x: 0, y: 0 });
    return nodes.length - 1;
  };
  const ordered = [...result.nodes].sort((a, b) => a.step - b.step || b.sessions - a.sessions || a.name.localeCompare(b.name));
  for (const n of ordered) add(n.step, n.name, n.sessions);

  const known = new Set(index.keys());
  const inflow = new Map<number, number>();
  const outflow = new Map<number, number>();
  const links: SankeyData['links'] = { source: [], target: [], value: [], colour: [] };
  for (const e of result.edges) {
    const s = add(e.step, e.from, 0);
    const t = add(e.step + 1, e.to, 0);
    outflow.set(s, (outflow.get(s) ?? 0) + e.sessions);
    inflow.set(t, (inflow.get(t) ?? 0) + e.sessions);
    links.source.push(s);
    links.target.push(t);
    links.value.push(e.sessions);
    links.colour.push(fade(nodes[s]!.colour));
  }
  nodes.forEach((n, i) => {
    if (!known.has(n.id)) n.sessions = Math.max(inflow.get(i) ?? 0, outflow.get(i) ?? 0);
  });
  const steps = nodes.reduce((m, n) => Math.max(m, n.step), 0);
  place(nodes, steps);
  const first = nodes.reduce((m, n) => Math.min(m, n.step), Infinity);
  const pinned = nodes.some((n, i) => n.step > first && !inflow.has(i));
  return { nodes, index, links, steps, pinned };
}

const EDGE = 0.001;

/**
 * Each node in the column of its step (a path that starts late, up to an end event, starts in its own
 * column, not the first), stacked in node order within the column by its share of the column's sessions.
 */
function place(nodes: SankeyNode[], steps: number) {
  const total = new Map<number, number>();
  for (const n of nodes) total.set(n.step, (total.get(n.step) ?? 0) + n.sessions);
  const used = new Map<number, number>();
  for (const n of nodes) {
    const t = total.get(n.step) || 1;
    const before = used.get(n.step) ?? 0;
    used.set(n.step, before + n.sessions);
    n.x = steps <= 1 ? EDGE : Math.min(1 - EDGE, Math.max(EDGE, (n.step - 1) / (steps - 1)));
    n.y = Math.min(1 - EDGE, Math.max(EDGE, (before + n.sessions / 2) / t));
  }
}

/** The Plotly sankey trace: labels are event names, the position and sessions show on hover. */
export function sankeyTrace(data: SankeyData): Record<string, unknown> {
  return {
    type: 'sankey',
    orientation: 'h',
    arrangement: data.pinned ? 'fixed' : 'snap',
    valueformat: ',d',
    node: {
      label: data.nodes.map((n) => n.name),
      color: data.nodes.map((n) => n.colour),
      ...(data.pinned ? { x: data.nodes.map((n) => n.x), y: data.nodes.map((n) => n.y) } : {}),
      customdata: data.nodes.map((n) => `step ${n.step}`),
      hovertemplate: '%{label}<br>%{customdata}<br>%{value:,d} sessions<extra></extra>',
      pad: 12,
      thickness: 14,
      line: { width: 0 },
    },
    link: {
      source: data.links.source,
      target: data.links.target,
      value: data.links.value,
      color: data.links.colour,
      hovertemplate: '%{source.label} → %{target.label}<br>%{value:,d} sessions<extra></extra>',
    },
  };
}

/** What the Paths view asks for before the user changes anything. */
export const DEFAULT_SANKEY_STEPS = 5;
export const DEFAULT_SANKEY_LIMIT = 30;
