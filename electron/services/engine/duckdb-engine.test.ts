import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkbench } from '../workbench';
import { SAMPLE_DIR, tempDir, useWorkbench, WORKER_SOURCE } from '../test-support';
import { DuckDbEngine, defaultMemoryLimit, describeStatement } from './duckdb-engine';

const ctx = useWorkbench();

describe('the DuckDB engine process', () => {
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

  it('carries numeric columns across the process boundary as typed arrays, and leaves appended columns usable by the caller', async () => {
    const r = await ctx.wb.engine.numericColumns('SELECT range::DOUBLE AS x FROM range(5)');
    expect(r.columns[0]).toBeInstanceOf(Float64Array);
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

describe('interrupting by query id', () => {
  it('stops every statement running under one id (a job runs several at once)', { timeout: 120_000 }, async () => {
    const slow = 'SELECT count(*) FROM range(100000000000) a';
    const runs = [ctx.wb.engine.query(slow, { queryId: 'job-1' }), ctx.wb.engine.query(slow, { queryId: 'job-1' })];
    await new Promise((r) => setTimeout(r, 300));
    expect(await ctx.wb.engine.interrupt('job-1')).toBe(true);
    await Promise.all(runs.map((run) => expect(run).rejects.toMatchObject({ code: 'CANCELLED' })));
  });
});

describe('the DuckDB memory limit', () => {
  const setting = async (engine: DuckDbEngine, bytes: number) =>
    (await engine.query(`SELECT current_setting('memory_limit'), format_bytes(${bytes}::BIGINT)`)).data.map((c) => c[0]);

  // The limit is checked, not the process's resident memory afterwards: measured here, what glibc hands back after a
  // 6M-group aggregation varied from all to none between runs under the same limit, so no RSS bound is reliable.
  it('defaults to half the machine, at most 4 GiB', async () => {
    expect(defaultMemoryLimit(2 * 2 ** 30)).toBe('1024MiB');
    expect(defaultMemoryLimit(6 * 2 ** 30)).toBe('3072MiB');
    expect(defaultMemoryLimit(64 * 2 ** 30)).toBe('4096MiB');
    const mib = Number(defaultMemoryLimit().replace('MiB', ''));
    expect(mib).toBe(Math.floor(Math.min(os.totalmem() / 2, 4 * 2 ** 30) / 2 ** 20));
    const [actual, expected] = await setting(ctx.wb.engine as DuckDbEngine, mib * 2 ** 20);
    expect(actual).toBe(expected);
  });

  it('takes a configured limit and refuses one that is not a size', async () => {
    const tmp = tempDir();
    const engine = new DuckDbEngine({
      databasePath: path.join(tmp.dir, 'm.duckdb'),
      workerFile: WORKER_SOURCE,
      threads: 2,
      memoryLimit: '512MiB',
    });
    try {
      const [actual, expected] = await setting(engine, 512 * 2 ** 20);
      expect(actual).toBe(expected);
    } finally {
      await engine.close();
      tmp.cleanup();
    }
    expect(() => new DuckDbEngine({ databasePath: ':memory:', workerFile: WORKER_SOURCE, memoryLimit: 'lots' })).toThrow(
      /memoryLimit: "lots" is not a size; use a number with B, KB, MB/,
    );
  });
});

describe('a crash of the engine process', () => {
  it('fails the running call naming its statement, restarts the engine and replays the dataset views', { timeout: 120_000 }, async () => {
    // In memory, as on the command line: the views exist only because the restart replays them.
    const tmp = tempDir();
    const wb = await createWorkbench({
      workspaceDir: path.join(tmp.dir, 'ws'),
      workerFile: WORKER_SOURCE,
      sampleDataDir: SAMPLE_DIR,
      threads: 2,
      inMemoryEngine: true,
    });
    try {
      const ds = await wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'customers.csv') });
      const engine = wb.engine as DuckDbEngine;
      const pid = engine.pid!;
      const slow = engine.query('SELECT count(*) FROM range(100000000000) a, range(10) b');
      await new Promise((r) => setTimeout(r, 300));
      process.kill(pid, 'SIGKILL');
      await expect(slow).rejects.toMatchObject({
        code: 'ENGINE_STOPPED',
        message: expect.stringMatching(
          /^The engine stopped while running "SELECT count\(\*\) FROM range\(100000000000\) a, range\(10\) …" \(signal SIGKILL\)\. It was restarted/,
        ),
      });
      expect(engine.pid).not.toBe(pid);
      expect((await engine.query('SELECT 42 AS x')).data[0]![0]).toBe(42);
      const page = await wb.invoke('explore.page', { datasetId: ds.id, offset: 0, limit: 3 });
      expect(page).toMatchObject({ ok: true, value: { page: { rowCount: 3 } } });
      expect(wb.datasets.list().map((d) => d.id)).toEqual([ds.id]);
    } finally {
      await wb.close();
      tmp.cleanup();
    }
  });

  it(
    'turns a JSON file nested 100,000 deep (which crashes DuckDB) into a clear error, and the next call works',
    { timeout: 120_000 },
    async () => {
      const file = path.join(ctx.dir, 'deep.json');
      writeFileSync(file, '['.repeat(100_000) + '1' + ']'.repeat(100_000));
      const r = await ctx.wb.invoke('datasets.preview', { path: file });
      expect(r).toMatchObject({ ok: false, error: { code: 'ENGINE_STOPPED' } });
      expect(!r.ok && r.error.message).toContain(`The engine stopped while reading ${file} (`);
      const next = await ctx.wb.invoke('datasets.preview', { path: path.join(SAMPLE_DIR, 'customers.csv') });
      expect(next.ok).toBe(true);
      // 4,000 deep DuckDB reads, but the value is too deep to convert: said so, without a crash.
      const less = path.join(ctx.dir, 'deep4k.json');
      writeFileSync(less, '['.repeat(4000) + '1' + ']'.repeat(4000));
      const r4k = await ctx.wb.invoke('datasets.preview', { path: less });
      expect(!r4k.ok && r4k.error.message).toContain('A value is nested too deeply to read');
    },
  );

  it('names the file a statement reads, or its first words', () => {
    expect(describeStatement("SELECT * FROM read_csv('/d/it''s.csv', header = true)")).toBe("reading /d/it's.csv");
    expect(describeStatement("SELECT * FROM read_parquet(['/d/a.parquet', '/d/b.parquet'])")).toBe('reading /d/a.parquet');
    expect(describeStatement("COPY (SELECT 1) TO '/o.csv'")).toBe('running "COPY (SELECT 1) TO \'/o.csv\'"');
    expect(describeStatement('  SELECT a,\n b FROM t WHERE x > 1 ORDER BY a')).toBe('running "SELECT a, b FROM t WHERE …"');
  });
});

describe('the interactive lane', () => {
  it('answers a small call ahead of heavy work queued before it', { timeout: 300_000 }, async () => {
    const engine = ctx.wb.engine;
    const finished: string[] = [];
    const heavy = Array.from({ length: 8 }, (_, i) =>
      engine.query('SELECT count(*) FROM range(300000000)').then(() => void finished.push(`heavy ${i}`)),
    );
    const small = engine.query('SELECT 1', { lane: 'interactive' }).then(() => void finished.push('small'));
    await Promise.all([...heavy, small]);
    // Heavy statements run two at a time; the small call has its own lane and connections, so at most the heavy
    // statements already running can finish before it (with one lane, four of them did).
    expect(finished.indexOf('small')).toBeLessThanOrEqual(2);
  });

  it('refuses a lane it does not know, naming the accepted ones', async () => {
    await expect(ctx.wb.engine.query('SELECT 1', { lane: 'fast' as never })).rejects.toThrow(
      'lane: "fast" is not a lane; use one of interactive, heavy.',
    );
  });
});
