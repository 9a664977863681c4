import { copyFileSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_DIR, useWorkbench } from '../test-support';

const t = useWorkbench();
const sql = 'SELECT 1 AS a';
const exportTo = (format: 'csv' | 'parquet', target: string) => t.wb.invoke('export.result', { sql, format, path: target });

describe('exports never overwrite loaded files or the workspace', () => {
  it('refuses a loaded CSV, also through a symlink, and leaves it unchanged', async () => {
    const dir = path.join(t.dir, 'mine');
    mkdirSync(dir, { recursive: true });
    const csv = path.join(dir, 'customers.csv');
    copyFileSync(path.join(SAMPLE_DIR, 'customers.csv'), csv);
    const before = readFileSync(csv);
    await t.wb.datasets.openAndWait({ path: csv, name: 'mine' });
    const r = await exportTo('csv', csv);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'path' } });
    expect(!r.ok && r.error.message).toBe(
      `path: ${csv} is the source of dataset "mine", and loaded files are never modified; choose another path.`,
    );
    const link = path.join(t.dir, 'link.csv');
    symlinkSync(csv, link);
    expect(await exportTo('csv', link)).toMatchObject({ ok: false, error: { message: expect.stringContaining('dataset "mine"') } });
    expect(readFileSync(csv).equals(before)).toBe(true);
  });

  it('refuses a new file inside a loaded folder of exports', async () => {
    const folder = path.join(t.dir, 'export');
    mkdirSync(folder, { recursive: true });
    copyFileSync(path.join(SAMPLE_DIR, 'events.parquet'), path.join(folder, 'part-0.parquet'));
    await t.wb.datasets.openAndWait({ path: folder, name: 'folder_events' });
    const r = await exportTo('parquet', path.join(folder, 'part-1.parquet'));
    expect(!r.ok && r.error.message).toMatch(/is read by dataset "folder_events" \(.*\*\*.*\), and loaded files are never modified/);
  });

  it("refuses the workspace's own files but takes its exports folder and other folders", async () => {
    const imported = await t.wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'customers.csv'), name: 'imp', mode: 'import' });
    const ws = path.join(t.dir, 'ws');
    const r = await exportTo('parquet', imported.dataPath);
    expect(!r.ok && r.error.message).toBe(
      `path: ${imported.dataPath} is inside the workspace folder ${ws} (imports: the imported datasets); ` +
        'exports go to its exports/ folder or to a folder of your own; choose another path.',
    );
    expect(await exportTo('csv', path.join(ws, 'notes.csv'))).toMatchObject({ ok: false, error: { field: 'path' } });
    expect(await exportTo('csv', path.join(ws, 'exports', 'fine.csv'))).toMatchObject({ ok: true, value: { rows: 1 } });
    expect(await exportTo('csv', path.join(t.dir, 'elsewhere', 'fine.csv'))).toMatchObject({ ok: true, value: { rows: 1 } });
  });
});
