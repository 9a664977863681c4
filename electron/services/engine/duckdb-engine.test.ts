import { describe, expect, it } from 'vitest';
import { useWorkbench } from '../test-support';

const ctx = useWorkbench();

describe('the DuckDB engine worker', () => {
  it('returns numeric columns as Float64Arrays with NULL as NaN', async () => {
    const r = await ctx.wb.engine.numericColumns('SELECT * FROM (VALUES (1, 2.5), (NULL, -1)) t(a, b)');
    expect(r.names).toEqual(['a', 'b']);
    expect(Array.from(r.columns[0]!)).toEqual([1, Number.NaN]);
    expect(Array.from(r.columns[1]!)).toEqual([2.5, -1]);
  });

  it('codes text columns into per-column dictionaries in order of first appearance, NULL as NaN', async () => {
    const r = await ctx.wb.engine.codedColumns(
      "SELECT * FROM (VALUES ('pro', 1), ('free', 2), (NULL, 3), ('pro', NULL), ('', 5)) t(plan, n)",
    );
    expect(r.dictionaries).toEqual([['pro', 'free', ''], null]);
    expect(Array.from(r.columns[0]!)).toEqual([0, 1, Number.NaN, 0, 2]);
    expect(Array.from(r.columns[1]!)).toEqual([1, 2, 3, Number.NaN, 5]);
  });

  it('shares query columns instead of detaching them, and leaves appended columns usable by the caller', async () => {
    const r = await ctx.wb.engine.numericColumns('SELECT range::DOUBLE AS x FROM range(5)');
    expect(r.columns[0]!.buffer).toBeInstanceOf(SharedArrayBuffer);
    await ctx.wb.engine.exec('CREATE TABLE appended (x DOUBLE, y DOUBLE)');
    const y = Float64Array.from([1, 2, 3, 4, 5]);
    await ctx.wb.engine.appendColumns('appended', ['x', 'y'], [r.columns[0]!, y]);
    // A transferred buffer would now be detached (length 0).
    expect(Array.from(y)).toEqual([1, 2, 3, 4, 5]);
    const back = await ctx.wb.engine.numericColumns('SELECT sum(x), sum(y) FROM appended');
    expect([back.columns[0]![0], back.columns[1]![0]]).toEqual([10, 15]);
  });

  it('streams a result page by page in order, and closes a result left early', async () => {
    const sizes: number[] = [];
    let next = 0;
    for await (const page of ctx.wb.engine.stream('SELECT range AS i, range * 2 AS j FROM range(25000) ORDER BY i', { pageRows: 5000 })) {
      expect(page.columns.map((c) => c.name)).toEqual(['i', 'j']);
      for (let r = 0; r < page.rowCount; r++) expect(page.data[0]![r]).toBe(next++);
      sizes.push(page.rowCount);
    }
    expect(next).toBe(25000);
    expect(sizes.slice(0, -1).every((n) => n >= 5000)).toBe(true);
    // An empty result still yields one page, with its columns.
    const empty = [];
    for await (const page of ctx.wb.engine.stream('SELECT 1 AS a WHERE false')) empty.push(page);
    expect(empty.map((p) => [p.columns[0]!.name, p.rowCount])).toEqual([['a', 0]]);
    // Left after one page, many times over: the connections come back and the engine still answers.
    for (let k = 0; k < 20; k++) for await (const _page of ctx.wb.engine.stream('SELECT * FROM range(100000)', { pageRows: 1 })) break;
    expect((await ctx.wb.engine.query('SELECT 42 AS x')).data[0]![0]).toBe(42);
    const bad = ctx.wb.engine.stream('SELECT nope');
    await expect(bad.next()).rejects.toThrow(/nope/);
  });
});
