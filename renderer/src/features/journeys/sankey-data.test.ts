import { describe, expect, it } from 'vitest';
import { OTHER_NODE, type PathsResult } from '../../../../shared/journeys/paths-types';
import { fade, nodeId, OTHER_COLOUR, sankeyData, sankeyTrace } from './sankey-data';

// Positions 1-3; the edges beyond the limit folded into "Other" at positions 2 and 3 (nodes the answer does not list).
const answer: PathsResult = {
  sessions: 100,
  nodes: [
    { id: '1:visit', name: 'visit', step: 1, sessions: 80 },
    { id: '2:product_view', name: 'product_view', step: 2, sessions: 50 },
    { id: '2:search', name: 'search', step: 2, sessions: 20 },
    { id: '3:add_to_cart', name: 'add_to_cart', step: 3, sessions: 30 },
    { id: '3:product_view', name: 'product_view', step: 3, sessions: 15 },
  ],
  edges: [
    { step: 1, from: 'visit', to: 'product_view', sessions: 50 },
    { step: 1, from: 'visit', to: 'search', sessions: 20 },
    { step: 1, from: 'visit', to: OTHER_NODE, sessions: 10 },
    { step: 2, from: 'product_view', to: 'add_to_cart', sessions: 30 },
    { step: 2, from: 'search', to: 'product_view', sessions: 15 },
    { step: 2, from: OTHER_NODE, to: 'add_to_cart', sessions: 4 },
    { step: 2, from: 'product_view', to: OTHER_NODE, sessions: 6 },
  ],
};

describe('sankey data', () => {
  const d = sankeyData(answer);

  it('indexes every node once, by position and name', () => {
    expect(d.nodes.map((n) => n.id)).toEqual([
      '1:visit',
      '2:product_view',
      '2:search',
      '3:add_to_cart',
      '3:product_view',
      '2:Other',
      '3:Other',
    ]);
    d.nodes.forEach((n, i) => {
      expect(d.index.get(n.id)).toBe(i);
      expect(n.id).toBe(nodeId(n.step, n.name));
    });
    expect(d.index.size).toBe(d.nodes.length);
    expect(d.steps).toBe(3);
  });

  it('makes one link per edge, joining existing nodes one position apart, with the edge sessions as value', () => {
    expect(d.links.value).toEqual(answer.edges.map((e) => e.sessions));
    answer.edges.forEach((e, i) => {
      const s = d.nodes[d.links.source[i]!]!;
      const t = d.nodes[d.links.target[i]!]!;
      expect([s.step, s.name, t.step, t.name]).toEqual([e.step, e.from, e.step + 1, e.to]);
    });
    for (const i of [...d.links.source, ...d.links.target]) expect(i >= 0 && i < d.nodes.length).toBe(true);
  });

  it('greys the Other nodes and gives one event the same colour at every position', () => {
    const byId = (id: string) => d.nodes[d.index.get(id)!]!;
    expect(byId('2:Other').colour).toBe(OTHER_COLOUR);
    expect(byId('3:Other').colour).toBe(OTHER_COLOUR);
    for (const n of d.nodes.filter((x) => x.name !== OTHER_NODE)) expect(n.colour).not.toBe(OTHER_COLOUR);
    expect(byId('2:product_view').colour).toBe(byId('3:product_view').colour);
    expect(byId('2:product_view').colour).not.toBe(byId('2:search').colour);
    expect(d.links.colour[2]).toBe(fade(byId('1:visit').colour));
  });

  it('sizes a node the answer leaves out from the sessions flowing through it', () => {
    expect(d.nodes[d.index.get('2:Other')!]!.sessions).toBe(10);
    expect(d.nodes[d.index.get('3:Other')!]!.sessions).toBe(6);
  });

  it('places each node in the column of its step, stacked by sessions inside (0, 1)', () => {
    const byId = (id: string) => d.nodes[d.index.get(id)!]!;
    expect([1, 2, 3].map((s) => byId(s === 1 ? '1:visit' : `${s}:Other`).x)).toEqual([0.001, 0.5, 0.999]);
    // Column 2 holds product_view 50, search 20, Other 10: centres at 25, 60 and 75 of 80.
    expect(['2:product_view', '2:search', '2:Other'].map((id) => byId(id).y)).toEqual([25 / 80, 60 / 80, 75 / 80]);
    for (const n of d.nodes) expect(n.y > 0 && n.y < 1).toBe(true);
    // A path that starts late (up to an end event) starts in its own column.
    const late = sankeyData({ sessions: 3, nodes: [], edges: [{ step: 3, from: 'a', to: 'b', sessions: 3 }] });
    expect(late.nodes.map((n) => [n.step, n.x])).toEqual([
      [3, 2 / 3],
      [4, 0.999],
    ]);
    // Only then are positions given to Plotly (else its own layout keeps the columns).
    expect(d.pinned).toBe(false);
    expect(sankeyTrace(d)).not.toHaveProperty('node.x');
    const mixed = sankeyData({
      sessions: 5,
      nodes: [],
      edges: [
        { step: 1, from: 'a', to: 'b', sessions: 3 },
        { step: 2, from: 'b', to: 'c', sessions: 3 },
        { step: 2, from: 'd', to: 'c', sessions: 2 },
      ],
    });
    expect(mixed.pinned).toBe(true);
    expect(sankeyTrace(mixed)).toMatchObject({ arrangement: 'fixed', node: { x: mixed.nodes.map((n) => n.x) } });
  });

  it('builds a sankey trace with names as labels and the step in the hover', () => {
    const t = sankeyTrace(d) as { type: string; node: { label: string[]; customdata: string[] }; link: { value: number[] } };
    expect(t.type).toBe('sankey');
    expect(t.node.label).toEqual(d.nodes.map((n) => n.name));
    expect(t.node.customdata[0]).toBe('step 1');
    expect(t.link.value).toEqual(d.links.value);
  });

  it('turns an empty answer into an empty trace', () => {
    const e = sankeyData({ sessions: 0, nodes: [], edges: [] });
    expect([e.nodes.length, e.links.source.length, e.steps]).toEqual([0, 0, 0]);
  });
});
