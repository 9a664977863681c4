import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DIR, tempDir, testWorkbench } from '../test-support';
import type { Workbench } from '../workbench';

let tmp: ReturnType<typeof tempDir>;
let wb: Workbench;
const file = (name: string, content: string | Buffer) => {
  const p = path.join(tmp.dir, 'files', name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
};
const rows = async (relation: string, order = '1') => (await wb.queries.run(`SELECT * FROM ${relation} ORDER BY ${order}`)).page;

beforeAll(async () => {
  tmp = tempDir();
  wb = await testWorkbench(path.join(tmp.dir, 'ws'));
});
afterAll(async () => {
  await wb.close();
  tmp.cleanup();
});

describe('loading formats', () => {
  it('opens the sample Parquet as a view with its schema, row count and fingerprint', async () => {
    const d = await wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'events.parquet') });
    expect(d).toMatchObject({ name: 'events', format: 'parquet', mode: 'view', relation: 'events' });
    expect(d.columns.map((c) => c.name)).toContain('event_type');
    expect(d.columns.find((c) => c.name === 'event_ts')?.type).toBe('TIMESTAMP');
    expect(d.rowCount).toBeGreaterThan(100_000);
    expect(d.fingerprint).toMatch(/^sha256:[0-9a-f]{32}$/);
    const count = await wb.queries.run('SELECT count(*) AS n FROM events');
    expect(count.page.data[0]![0]).toBe(d.rowCount);
  });

  it('reads a folder of hive-partitioned exports, with the partition as a column', async () => {
    const d = await wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'warehouse_export', 'events'), name: 'export' });
    expect(d.format).toBe('parquet');
    expect(d.columns.map((c) => c.name)).toContain('event_month');
    const direct = await wb.queries.run(`SELECT count(*) FROM read_parquet('${SAMPLE_DIR}/events.parquet')`);
    expect(d.rowCount).toBe(direct.page.data[0]![0]);
    const months = await wb.queries.run('SELECT count(DISTINCT event_month) FROM export');
    expect(Number(months.page.data[0]![0])).toBeGreaterThan(12);
  });

  it('reads nested NDJSON into STRUCT and LIST columns', async () => {
    const d = await wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'orders.ndjson') });
    const items = d.columns.find((c) => c.name === 'items')!;
    expect(items.type).toMatch(/^STRUCT\(.*\)\[\]$/);
    expect(d.columns.find((c) => c.name === 'shipping')!.type).toMatch(/^STRUCT/);
    const r = await wb.queries.run(`SELECT sum(len(items)) FROM ${d.relation}`);
    expect(Number(r.page.data[0]![0])).toBeGreaterThan(d.rowCount);
  });

  it('reads a chosen Excel sheet and lists the others', async () => {
    const xl = new ExcelJS.Workbook();
    xl.addWorksheet('Summary').addRow(['only', 'notes']);
    const s = xl.addWorksheet('Data');
    s.addRow(['day', 'amount', 'label']);
    s.addRow([new Date(Date.UTC(2026, 0, 2)), 12.5, 'a, with comma']);
    s.addRow([new Date(Date.UTC(2026, 0, 3)), { formula: 'B2*2', result: 25 }, 'b']);
    const p = path.join(tmp.dir, 'files', 'book.xlsx');
    mkdirSync(path.dirname(p), { recursive: true });
    await xl.xlsx.writeFile(p);
    const pv = await wb.datasets.preview(p, { sheet: 'Data' });
    expect(pv.sheets).toEqual(['Summary', 'Data']);
    const d = await wb.datasets.openAndWait({ path: p, options: { sheet: 'Data' } });
    expect(d.mode).toBe('import');
    expect(d.columns).toEqual([
      { name: 'day', type: 'DATE' },
      { name: 'amount', type: 'DOUBLE' },
      { name: 'label', type: 'VARCHAR' },
    ]);
    expect((await rows(d.relation)).data).toEqual([
      ['2026-01-02', '2026-01-03'],
      [12.5, 25],
      ['a, with comma', 'b'],
    ]);
    await expect(wb.datasets.preview(p, { sheet: 'Missing' })).rejects.toThrow(/no sheet named "Missing"/);
  });

  it('imports into a Parquet copy in the workspace that survives the source changing, and removes it', async () => {
    const p = file('small.csv', 'id,v\n1,a\n2,b\n');
    const d = await wb.datasets.openAndWait({ path: p, mode: 'import', name: 'small_import' });
    expect(d.dataPath).toMatch(/imports\/small_import-[0-9a-f]{8}\.parquet$/);
    expect(readFileSync(d.dataPath).subarray(0, 4).toString()).toBe('PAR1');
    writeFileSync(p, 'id,v\n9,z\n');
    expect((await rows(d.relation)).data[0]).toEqual([1, 2]);
    expect(await wb.datasets.remove(d.id)).toBe(true);
    expect(existsSync(d.dataPath)).toBe(false);
  });
});

describe('CSV options and bad input', () => {
  it('pads short rows with NULL and keeps extra fields in an extra column', async () => {
    const d = await wb.datasets.openAndWait({ path: file('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n') });
    expect(d.columns.map((c) => c.name)).toEqual(['a', 'b', 'c', 'column3']);
    const r = await rows(d.relation);
    expect(r.data[2]).toEqual([3, null, 8]);
    expect(r.data[3]).toEqual([null, null, 9]);
  });

  it('falls back to Latin-1 for files that are not UTF-8, and says so in the options', async () => {
    const p = file('latin1.csv', Buffer.from('name,city\nJos\xe9,M\xfcnchen\n', 'latin1'));
    const pv = await wb.datasets.preview(p);
    expect(pv.options.csv?.encoding).toBe('latin-1');
    const d = await wb.datasets.openAndWait({ path: p });
    expect((await rows(d.relation)).data).toEqual([['José'], ['München']]);
  });

  it('handles a BOM, quoted newlines, semicolons and decimal commas', async () => {
    const p = file('euro.csv', '\uFEFFid;note;price\n1;"two\nlines";1,50\n2;plain;2,25\n');
    const d = await wb.datasets.openAndWait({ path: p, options: { csv: { delimiter: ';', decimalComma: true } } });
    expect(d.columns.map((c) => c.name)).toEqual(['id', 'note', 'price']);
    expect((await rows(d.relation)).data).toEqual([
      [1, 2],
      ['two\nlines', 'plain'],
      [1.5, 2.25],
    ]);
  });

  it('skips leading rows and parses a given date format', async () => {
    const p = file('dates.csv', 'exported by tool\nday,n\n02/01/2026,1\n13/01/2026,2\n');
    const d = await wb.datasets.openAndWait({ path: p, options: { csv: { skipRows: 1, dateFormat: '%d/%m/%Y' } } });
    expect(d.columns).toEqual([
      { name: 'day', type: 'DATE' },
      { name: 'n', type: 'BIGINT' },
    ]);
    expect((await rows(d.relation)).data[0]).toEqual(['2026-01-02', '2026-01-13']);
  });

  it('keeps a column of mixed date formats as text rather than guessing', async () => {
    const d = await wb.datasets.openAndWait({ path: file('mixed-dates.csv', 'day\n2026-01-02\n02/01/2026\nJan 3 2026\n') });
    expect(d.columns[0]!.type).toBe('VARCHAR');
  });

  it('loads header-only files as zero rows with their columns', async () => {
    const d = await wb.datasets.openAndWait({ path: file('header-only.csv', 'a,b\n') });
    expect(d.rowCount).toBe(0);
    expect(d.columns.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('keeps NUL bytes inside values instead of cutting rows short', async () => {
    const d = await wb.datasets.openAndWait({ path: file('nul.csv', 'a,b\n1,x\u00002\n3,y\n') });
    expect(d.rowCount).toBe(2);
  });

  const failures: [string, () => string, RegExp][] = [
    ['an empty file', () => file('empty.csv', ''), /empty\.csv: the file is empty/],
    ['a text file named .parquet', () => file('fake.parquet', 'this is,not parquet\n1,2\n'), /fake\.parquet: this is not a Parquet file/],
    [
      'a truncated Parquet file',
      () => {
        const p = path.join(tmp.dir, 'files', 'truncated.parquet');
        copyFileSync(path.join(SAMPLE_DIR, 'events.parquet'), p);
        truncateSync(p, Math.floor(statSync(p).size / 2));
        return p;
      },
      /truncated\.parquet: the Parquet file is truncated/,
    ],
    ['malformed JSON', () => file('bad.json', '{"a": 1}\n{"a": \n'), /bad\.json: could not read as JSON/],
    ['a missing file', () => path.join(tmp.dir, 'files', 'nope.csv'), /nope\.csv: no such file or folder/],
    [
      'a folder without data files',
      () => (mkdirSync(path.join(tmp.dir, 'files', 'emptydir'), { recursive: true }), path.join(tmp.dir, 'files', 'emptydir')),
      /emptydir: this folder holds no/,
    ],
  ];
  for (const [label, make, message] of failures) {
    it(`fails clearly on ${label}, registering nothing`, async () => {
      const before = wb.datasets.list().length;
      const tablesBefore = await wb.queries.run(`SELECT count(*) FROM information_schema.tables`);
      await expect(wb.datasets.openAndWait({ path: make() })).rejects.toThrow(message);
      expect(wb.datasets.list()).toHaveLength(before);
      const tablesAfter = await wb.queries.run(`SELECT count(*) FROM information_schema.tables`);
      expect(tablesAfter.page.data[0]![0]).toBe(tablesBefore.page.data[0]![0]);
    });
  }

  it('gives a file another relation name when a table made in SQL already has its name', async () => {
    await wb.engine.exec('CREATE OR REPLACE TABLE Scores AS SELECT 1 AS x');
    const d = await wb.datasets.openAndWait({ path: file('scores.csv', 'a,b\n1,2\n') });
    expect(d.name).toBe('scores');
    expect(d.relation).toBe('scores_2');
    expect((await rows('scores_2')).data).toEqual([[1], [2]]);
    expect((await rows('Scores')).data).toEqual([[1]]);
  });

  it('refuses a second dataset with the same name', async () => {
    const p = file('dup.csv', 'a\n1\n');
    await wb.datasets.openAndWait({ path: p, name: 'dup' });
    await expect(wb.datasets.openAndWait({ path: p, name: 'dup' })).rejects.toThrow(/already loaded/);
  });
});

describe('quoted newlines with short rows', () => {
  it('previews and loads a file with both, as a view and as an import', async () => {
    const p = file('notes-ragged.csv', 'id,note,qty\n1,"Call back\nafter 5pm",3\n2,ok\n3,fine,4\n');
    const pv = await wb.datasets.preview(p);
    expect(pv.options.csv?.quotedNewlines).toBe(true);
    expect(pv.page.data).toEqual([
      [1, 2, 3],
      ['Call back\nafter 5pm', 'ok', 'fine'],
      [3, null, 4],
    ]);
    for (const mode of ['view', 'import'] as const) {
      const d = await wb.datasets.openAndWait({ path: p, mode, name: `notes_${mode}` });
      expect(d.rowCount).toBe(3);
      expect((await rows(d.relation)).data).toEqual(pv.page.data);
    }
  });

  it('reads the file again serially when the quoted newline comes after the sniffed rows', async () => {
    // Quotes early (so the sniffer knows them), the quoted newline and a short row far past the preview.
    const lines = ['id,label,n', '0,"a, quoted",0'];
    for (let i = 1; i < 30_000; i++) lines.push(i === 25_000 ? `${i},"x\ny",${i}` : i === 26_000 ? `${i},short` : `${i},v${i % 7},${i}`);
    const p = file('late-newline.csv', lines.join('\n') + '\n');
    const d = await wb.datasets.openAndWait({ path: p });
    expect(d.rowCount).toBe(30_000);
    expect(d.options.csv?.quotedNewlines).toBe(true);
    const r = await wb.queries.run(`SELECT label, n FROM ${d.relation} WHERE id IN (25000, 26000) ORDER BY id`);
    expect(r.page.data).toEqual([
      ['x\ny', 'short'],
      [25_000, null],
    ]);
  });
});

describe('decimal commas', () => {
  it('detects comma decimals with dot thousands in a semicolon file and says so in the preview', async () => {
    const p = file('euro-amounts.csv', 'id;price;qty;label\n1;1.234,56;2;a\n2;7,5;1.000;b\n3;-12,00;1;c\n');
    const pv = await wb.datasets.preview(p);
    expect(pv.detected).toEqual({ decimalSeparator: ',', thousandsSeparator: '.' });
    expect(pv.options.csv).toMatchObject({ decimalComma: true, thousandsSeparator: '.' });
    const d = await wb.datasets.openAndWait({ path: p });
    expect(d.columns.find((c) => c.name === 'price')?.type).toMatch(/^(DOUBLE|DECIMAL)/);
    expect((await rows(d.relation)).data).toEqual([
      [1, 2, 3],
      [1234.56, 7.5, -12],
      [2, 1000, 1],
      ['a', 'b', 'c'],
    ]);
  });

  it('detects comma decimals without thousands separators', async () => {
    const pv = await wb.datasets.preview(file('euro-plain.csv', 'id;v\n1;7,5\n2;0,25\n'));
    expect(pv.detected).toEqual({ decimalSeparator: ',' });
    expect(pv.options.csv?.thousandsSeparator).toBeUndefined();
    expect(pv.page.data[1]).toEqual([7.5, 0.25]);
  });

  const notDetected: [string, string, unknown[]][] = [
    ['decimal points in a semicolon file', 'id;v\n1;1.5\n2;1.234\n', [1.5, 1.234]],
    ['a semicolon file mixing decimal points and commas', 'id;v;w\n1;1.5;2,5\n2;2.5;3,5\n', [1.5, 2.5]],
    ['a comma-delimited file', 'id,v\n1,"1,5"\n2,"2,5"\n', ['1,5', '2,5']],
  ];
  for (const [label, content, values] of notDetected) {
    it(`leaves ${label} alone`, async () => {
      const pv = await wb.datasets.preview(file(`${label.replace(/\W+/g, '-')}.csv`, content));
      expect(pv.detected).toBeUndefined();
      expect(pv.options.csv?.decimalComma).toBeUndefined();
      expect(pv.page.data[1]).toEqual(values);
    });
  }

  it('keeps a decimal comma the user turned off', async () => {
    const pv = await wb.datasets.preview(file('euro-off.csv', 'id;v\n1;7,5\n'), { csv: { decimalComma: false } });
    expect(pv.detected).toBeUndefined();
    expect(pv.page.data[1]).toEqual(['7,5']);
  });
});

describe('folders of Parquet files', () => {
  const parquetFolder = async (folder: string, files: Record<string, string>) => {
    const dir = path.join(tmp.dir, 'files', folder);
    mkdirSync(dir, { recursive: true });
    for (const [name, select] of Object.entries(files))
      await wb.engine.exec(`COPY (${select}) TO '${path.join(dir, name)}' (FORMAT parquet)`);
    return dir;
  };

  it('refuses to stack unrelated exports, naming the files and their columns, unless asked to union by name', async () => {
    const dir = await parquetFolder('unrelated', {
      'clv.parquet': `SELECT 'c1' AS customer_id, 0.8 AS p_alive, 120.5 AS clv`,
      'rfm.parquet': `SELECT 'c1' AS customer_id, 3 AS recency, 5 AS frequency, 99.0 AS monetary`,
      'scores.parquet': `SELECT 'c1' AS customer_id, 0.4 AS score`,
    });
    const before = wb.datasets.list().length;
    const err = await wb.datasets.preview(dir).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', extra: { field: 'unionByName' } });
    const msg = (err as Error).message;
    expect(msg).toContain('clv.parquet (customer_id, p_alive, clv)');
    expect(msg).toContain('rfm.parquet (customer_id, recency, frequency, monetary)');
    expect(msg).toContain('scores.parquet (customer_id, score)');
    expect(msg).toMatch(/one by one/);
    await expect(wb.datasets.openAndWait({ path: dir })).rejects.toThrow(/do not share one schema/);
    expect(wb.datasets.list()).toHaveLength(before);
    const d = await wb.datasets.openAndWait({ path: dir, options: { unionByName: true } });
    expect(d.rowCount).toBe(3);
    expect(d.options.unionByName).toBe(true);
    expect(d.columns.map((c) => c.name).sort()).toEqual(['clv', 'customer_id', 'frequency', 'monetary', 'p_alive', 'recency', 'score']);
  });

  it('stacks files of one schema, and files whose later exports only add columns', async () => {
    const same = await parquetFolder('same', { 'a.parquet': 'SELECT 1 AS id, 2 AS v', 'b.parquet': 'SELECT 3 AS id, 4 AS v' });
    expect((await wb.datasets.openAndWait({ path: same })).rowCount).toBe(2);
    const grown = await parquetFolder('grown', {
      '2025.parquet': 'SELECT 1 AS id, 2 AS v',
      '2026.parquet': `SELECT 3 AS id, 4 AS v, 'new' AS channel`,
    });
    const d = await wb.datasets.openAndWait({ path: grown });
    expect(d.columns.map((c) => c.name)).toEqual(['id', 'v', 'channel']);
  });
});

describe('files that are not data', () => {
  it('says an ONNX file is a model and where models are used', async () => {
    const p = path.join(tmp.dir, 'files', 'churn.onnx');
    copyFileSync(path.join(SAMPLE_DIR, '..', 'models', 'fixtures', 'zipmap_classifier.onnx'), p);
    await expect(wb.datasets.preview(p)).rejects.toThrow(/churn\.onnx: this is an ONNX model, not a data file.*workbench inspect --model/);
  });

  it('lists the supported formats for a binary file of unknown type', async () => {
    const p = file('blob.bin', Buffer.from([0x08, 0x07, 0x12, 0x00, 0x01, 0xff, 0x3a, 0x10]));
    await expect(wb.datasets.preview(p)).rejects.toThrow(/blob\.bin: this is not a data file.*Supported: \.csv, \.tsv.*\.parquet.*\.xlsx/);
  });

  it('still reads a gzip-compressed CSV by its inner extension', async () => {
    const p = path.join(tmp.dir, 'files', 'packed.csv.gz');
    await wb.engine.exec(`COPY (SELECT 1 AS a, 'x' AS b) TO '${p}' (FORMAT csv, HEADER true, COMPRESSION gzip)`);
    const d = await wb.datasets.openAndWait({ path: p });
    expect((await rows(d.relation)).data).toEqual([[1], ['x']]);
  });
});

describe('imports as jobs', () => {
  it('can be cancelled, leaving neither a table nor a catalog entry', async () => {
    // A big generated CSV makes the import slow enough to cancel.
    const big = path.join(tmp.dir, 'files', 'big.csv');
    mkdirSync(path.dirname(big), { recursive: true });
    await wb.engine.exec(
      `COPY (SELECT range AS id, md5(range::VARCHAR) AS h, range * 0.5 AS x FROM range(3000000)) TO '${big}' (FORMAT csv, HEADER true)`,
    );
    const before = wb.datasets.list().length;
    const { jobId } = wb.datasets.open({ path: big, mode: 'import', name: 'big' });
    await new Promise((r) => setTimeout(r, 150));
    const status = await wb.jobs.cancel(jobId);
    expect(status.state).toBe('cancelled');
    expect(wb.datasets.list()).toHaveLength(before);
    const t = await wb.queries.run(`SELECT count(*) FROM information_schema.tables WHERE table_name = 'big'`);
    expect(t.page.data[0]![0]).toBe(0);
    const imports = path.join(tmp.dir, 'ws', 'imports');
    expect(existsSync(imports) ? readdirSync(imports).filter((f) => f.startsWith('big')) : []).toEqual([]);
  });

  it('reports progress and finishes with the dataset id', async () => {
    const p = file('medium.csv', 'a,b\n' + Array.from({ length: 5000 }, (_, i) => `${i},${i % 7}`).join('\n') + '\n');
    const { jobId } = wb.datasets.open({ path: p, mode: 'import' });
    const done = await wb.jobs.wait(jobId);
    expect(done).toMatchObject({ state: 'done', progress: 1 });
    expect(wb.datasets.get(done.datasetId!).rowCount).toBe(5000);
  });
});

describe('workspace', () => {
  it('remembers datasets across restarts and recreates a lost view', async () => {
    const dir = path.join(tmp.dir, 'ws-restart');
    const first = await testWorkbench(dir);
    const p = file('keep.csv', 'a\n1\n2\n');
    await first.datasets.openAndWait({ path: p, name: 'keep' });
    await first.engine.exec('DROP VIEW keep');
    await first.close();
    const second = await testWorkbench(dir);
    expect(second.datasets.list().map((d) => d.name)).toEqual(['keep']);
    const r = await second.queries.run('SELECT sum(a) FROM keep');
    expect(r.page.data[0]![0]).toBe(3);
    await second.close();
    expect(readFileSync(p, 'utf8')).toBe('a\n1\n2\n'); // the user's file is untouched
  });
});

describe('file names with glob characters', () => {
  it('reads report [final].csv, .parquet and .json as themselves, not as patterns matching their neighbours', async () => {
    const dir = path.join(tmp.dir, 'brackets');
    mkdirSync(dir, { recursive: true });
    // Each neighbour is what DuckDB's glob would match for the bracketed name: `[final]` is one of f, i, n, a, l.
    writeFileSync(path.join(dir, 'report [final].csv'), 'a;b\n1;2,5\n');
    writeFileSync(path.join(dir, 'report f.csv'), 'a;b\n9;9,9\n');
    await wb.queries.run(`COPY (SELECT 7 AS a) TO '${dir}/report [final].parquet' (FORMAT parquet)`); // COPY TO writes the name as given
    await wb.queries.run(`COPY (SELECT 9 AS a) TO '${dir}/report f.parquet' (FORMAT parquet)`);
    writeFileSync(path.join(dir, 'week (*)?.json'), '{"a": 8}\n');
    writeFileSync(path.join(dir, 'week (x)y.json'), '{"a": 0}\n');
    const csv = await wb.datasets.openAndWait({ path: path.join(dir, 'report [final].csv'), name: 'final_csv' });
    expect(csv.sourcePath).toBe(path.join(dir, 'report [final].csv'));
    expect((await rows('final_csv')).data).toEqual([[1], [2.5]]);
    const parquet = await wb.datasets.openAndWait({ path: path.join(dir, 'report [final].parquet'), name: 'final_parquet' });
    expect(parquet.rowCount).toBe(1);
    expect((await rows('final_parquet')).data).toEqual([[7]]);
    const json = await wb.datasets.openAndWait({ path: path.join(dir, 'week (*)?.json'), name: 'week_json' });
    expect(json.sourcePath).toBe(path.join(dir, 'week (*)?.json'));
    expect((await rows('week_json')).data).toEqual([[8]]);
    // A path that names no file is still a pattern (the Open dialog's glob).
    const glob = await wb.datasets.preview(path.join(dir, 'report *.parquet'));
    expect(glob.page.rowCount).toBe(2);
  });

  it('reads a folder whose name has brackets', async () => {
    const dir = path.join(tmp.dir, 'exports [2024]');
    mkdirSync(dir, { recursive: true });
    await wb.queries.run(`COPY (SELECT 1 AS a) TO '${path.join(dir, 'part-1.parquet')}' (FORMAT parquet)`);
    const d = await wb.datasets.openAndWait({ path: dir, name: 'bracket_folder' });
    expect(d.rowCount).toBe(1);
  });
});
