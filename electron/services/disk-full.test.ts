import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, WorkbenchError } from '../../shared/api/result';
import { diskFullMessage, explainDiskFull, isDiskFull, mountPointOf } from './disk-full';
import { SAMPLE_DIR, tempDir, testWorkbench } from './test-support';
import type { Workbench } from './workbench';

describe('disk-full errors', () => {
  it('recognises how Node, SQLite and DuckDB say the disk is full', () => {
    expect(isDiskFull(Object.assign(new Error('write failed'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(true);
    expect(isDiskFull(new Error('IO Error: Could not write file "/w/imports/x.parquet.partial": No space left on device'))).toBe(true);
    expect(isDiskFull(new Error('Binder Error: column "full" not found'))).toBe(false);
    expect(isDiskFull(new WorkbenchError(ErrorCode.DiskFull, 'The disk holding /w is full'))).toBe(false);
  });

  it('names the folder, its mount point and free space, and keeps what the system said', () => {
    expect(diskFullMessage('/home/ana/ws', 'IO Error: No space left on device\nmore', { mount: '/home', free: 0 })).toBe(
      'The disk holding /home/ana/ws (mounted at /home, 0 B free) is full: free some space there, or use a folder on another disk. (IO Error: No space left on device)',
    );
    expect(mountPointOf('/home/ana/ws', ['/', '/home', '/home2'])).toBe('/home');
    const mapped = explainDiskFull(new Error('database or disk is full'), '/tmp/ws');
    expect(mapped).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/^The disk holding \/tmp\/ws \(.*free\) is full/) });
    const other = new Error('Parser Error');
    expect(explainDiskFull(other, '/tmp/ws')).toBe(other);
  });
});

const re = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A real full disk: a small tmpfs, where this machine lets the tests mount one (root on Linux); skipped elsewhere. */
const canMount = process.platform === 'linux' && process.getuid?.() === 0;
describe.skipIf(!canMount)('a workspace on a full disk (tmpfs)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let mount: string;
  let ws: string;
  let wb: Workbench;
  beforeAll(async () => {
    tmp = tempDir();
    mount = path.join(tmp.dir, 'small');
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mount]);
    ws = path.join(mount, 'ws');
    wb = await testWorkbench(ws);
    await wb.invoke('query.run', { sql: 'SELECT 1' }); // the history table has its first page
    // Fill the disk: whatever fits, in 1 MiB steps, then smaller ones.
    for (const size of [2 ** 20, 2 ** 12]) {
      for (let i = 0; ; i++) {
        try {
          writeFileSync(path.join(mount, `filler-${size}-${i}`), Buffer.alloc(size));
        } catch {
          break;
        }
      }
    }
  });
  afterAll(async () => {
    await wb?.close();
    execFileSync('umount', [mount]);
    tmp.cleanup();
  });

  it('answers SELECT 42 though its history cannot be kept', async () => {
    expect(await wb.invoke('query.run', { sql: 'SELECT 42 AS n' })).toMatchObject({ ok: true, value: { page: { data: [[42]] } } });
  });

  it('blames the full disk of the workspace, not the source, when an import fails', async () => {
    const r = await wb.invoke('datasets.open', { path: path.join(SAMPLE_DIR, 'customers.csv'), mode: 'import' });
    const jobId = r.ok ? (r.value as { jobId: string }).jobId : '';
    const status = await wb.jobs.wait(jobId);
    expect(status.state).toBe('failed');
    expect(status.message).toMatch(new RegExp(`^The disk holding ${re(ws)}(/imports)? \\(mounted at ${re(mount)}, .* free\\) is full`));
    expect(status.message).not.toContain('could not read');
  });

  it('names the folder of an export that does not fit', async () => {
    const target = path.join(ws, 'exports', 'big.csv');
    const r = await wb.invoke('export.result', { sql: 'SELECT range, md5(range::text) FROM range(2000000)', format: 'csv', path: target });
    expect(r).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
    expect(!r.ok && r.error.message).toMatch(new RegExp(`^The disk holding ${re(path.dirname(target))} \\(mounted at ${re(mount)}`));
  });
});
