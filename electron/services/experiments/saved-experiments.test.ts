import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCalculator } from '../../../shared/stats/calculators';
import { SAMPLE_DIR, tempDir, testWorkbench } from '../test-support';
import type { Workbench } from '../workbench';

let tmp: ReturnType<typeof tempDir>;
let wb: Workbench;
beforeAll(async () => {
  tmp = tempDir();
  wb = await testWorkbench(path.join(tmp.dir, 'ws'));
});
afterAll(async () => {
  await wb.close();
  tmp.cleanup();
});

const call = async (method: string, req: unknown) => {
  const r = await wb.invoke(method, req);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as Record<string, unknown>;
};

describe('saved experiments', () => {
  it('saves, reopens after a restart, duplicates and deletes', async () => {
    const inputs = { control: { users: 10000, conversions: 1000 }, treatment: { users: 10000, conversions: 1100 } };
    const saved = await call('experiments.save', {
      name: 'Checkout redesign',
      kind: 'conversion',
      inputs,
      results: runCalculator('conversion', inputs),
      notes: 'Ship it?',
    });
    const again = await call('experiments.save', { ...saved, notes: 'Shipped on Monday.' } as never).catch(() => null);
    expect(again).toBeNull(); // createdAt/updatedAt are not accepted from callers
    const { createdAt: _c, updatedAt: _u, ...editable } = saved as Record<string, unknown>;
    const updated = await call('experiments.save', { ...editable, notes: 'Shipped on Monday.' });
    expect(updated.id).toBe(saved.id);
    expect(updated.createdAt).toBe(saved.createdAt);

    await wb.close();
    wb = await testWorkbench(path.join(tmp.dir, 'ws'));
    const list = (await wb.invoke('experiments.list', {})) as {
      ok: true;
      value: { id: string; name: string; notes: string; inputs: unknown }[];
    };
    expect(list.value).toHaveLength(1);
    expect(list.value[0]).toMatchObject({ name: 'Checkout redesign', notes: 'Shipped on Monday.', inputs });

    const copy = await call('experiments.duplicate', { id: saved.id });
    expect(copy.name).toBe('Checkout redesign (copy)');
    expect(copy.id).not.toBe(saved.id);
    expect(await call('experiments.delete', { id: copy.id })).toEqual({ removed: true });
    expect(((await wb.invoke('experiments.list', {})) as { value: unknown[] }).value).toHaveLength(1);
  });

  it('exports Markdown, HTML and CSV reports with the verdict and numbers', async () => {
    const d = await wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'experiment_assignments.csv') });
    const spec = {
      datasetId: d.id,
      unitColumn: 'customer_id',
      variantColumn: 'variant',
      metricColumn: 'revenue',
      metricKind: 'continuous' as const,
      breakdownColumn: 'device',
    };
    const analysis = await wb.experiments.analyze(d, spec);
    const saved = await call('experiments.save', {
      name: 'Revenue <by device>',
      kind: 'data',
      inputs: spec,
      results: analysis as never,
      notes: 'a & b',
    });
    const md = readFileSync(String((await call('experiments.export', { id: saved.id, format: 'markdown' })).path), 'utf8');
    expect(md).toMatch(/^# Revenue <by device>/);
    expect(md).toContain(analysis.comparisons[0]!.verdict);
    expect(md).toContain('change revenue per customer_id, compared with the control');
    expect(md).toContain('By device:');
    expect(md).not.toContain(d.id); // no internal ids in a report for people
    const html = readFileSync(String((await call('experiments.export', { id: saved.id, format: 'html' })).path), 'utf8');
    expect(html).toContain('<h1>Revenue &lt;by device&gt;</h1>');
    expect(html).toContain('a &amp; b');
    expect(html).not.toMatch(/<script|https?:\/\//);
    const csvPath = path.join(tmp.dir, 'out', 'by-device.csv');
    const csv = readFileSync(String((await call('experiments.export', { id: saved.id, format: 'csv', path: csvPath })).path), 'utf8')
      .trim()
      .split('\n');
    expect(csv).toHaveLength(1 + analysis.comparisons.length);
    expect(csv[0]).toMatch(/^segment,variant,/);
    await expect(call('experiments.export', { id: saved.id, format: 'csv', path: path.join(tmp.dir, 'x.txt') })).rejects.toThrow(
      /should end in \.csv/,
    );
    // The export guard holds for reports as for results: never over a loaded file nor the workspace's own files.
    const source = path.join(tmp.dir, 'loaded.csv');
    writeFileSync(source, 'a,b\n1,2\n');
    await wb.datasets.openAndWait({ path: source });
    await expect(call('experiments.export', { id: saved.id, format: 'csv', path: source })).rejects.toThrow(
      /is the source of dataset "loaded"/,
    );
    expect(readFileSync(source, 'utf8')).toBe('a,b\n1,2\n');
    await expect(
      call('experiments.export', { id: saved.id, format: 'markdown', path: path.join(tmp.dir, 'ws', 'imports', 'r.md') }),
    ).rejects.toThrow(/inside the workspace folder/);
  });
});
