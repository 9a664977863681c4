import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support';

const workbench = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, 'bin', 'workbench.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('workbench command line', () => {
  it('load prints name, format, rows and typed columns as JSON', () => {
    const r = workbench('load', 'sample-data/events.parquet', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { name: string; format: string; rows: number; columns: { name: string; type: string }[] };
    expect(out).toMatchObject({ name: 'events', format: 'parquet' });
    expect(out.rows).toBeGreaterThan(100_000);
    expect(out.columns).toContainEqual({ name: 'event_ts', type: 'TIMESTAMP' });
  });

  it('query runs SQL over loaded files and prints CSV or JSON', () => {
    const sql = 'SELECT variant, count(*) AS n FROM experiment_assignments GROUP BY 1 ORDER BY 1';
    const csv = workbench('query', sql, '--data', 'sample-data/experiment_assignments.csv');
    expect(csv.status).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe('variant,n');
    expect(csv.stdout).toMatch(/^control,\d+$/m);
    const json = workbench('query', sql, '--data', 'sample-data/experiment_assignments.csv', '--format', 'json');
    const rows = JSON.parse(json.stdout) as { variant: string; n: number }[];
    expect(rows.map((x) => x.variant)).toEqual(['control', 'treatment']);
    expect(rows[0]!.n + rows[1]!.n).toBe(12000);
  });

  it('fails with one clear line naming the file, and a non-zero exit', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wb-cli-'));
    const fake = path.join(dir, 'fake.parquet');
    writeFileSync(fake, 'not parquet at all');
    const r = workbench('load', fake);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${fake}: this is not a Parquet file`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const bad = workbench('query', 'SELECT nope FROM x', '--data', 'sample-data/customers.csv');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/^workbench: .*x/);
  });
});
