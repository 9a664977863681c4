import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/api/contract';
import { createBridge } from './bridge';

describe('preload bridge', () => {
  it('exposes exactly the contract through the preload, refusing anything else', async () => {
    const sent: string[] = [];
    const bridge = createBridge(
      async (method) => {
        sent.push(method);
        return { ok: true };
      },
      Object.keys(contract),
      () => '/x',
      () => {},
    );
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onOpenFiles', 'pathForFile']);
    for (const m of Object.keys(contract)) await bridge.invoke(m, {});
    expect(sent.sort()).toEqual(Object.keys(contract).sort());
    const refused = (await bridge.invoke('fs.readFile', { path: '/etc/passwd' })) as { ok: boolean; error: { code: string } };
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(sent).not.toContain('fs.readFile');
  });

  it('hands files to open to the page, keeping those sent before it listens', () => {
    let deliver: (payload: unknown) => void = () => {};
    const bridge = createBridge(
      async () => ({ ok: true }),
      [],
      () => '/x',
      (fn) => (deliver = fn),
    );
    deliver(['/data/early.csv']);
    const got: string[][] = [];
    const stop = bridge.onOpenFiles((paths) => got.push(paths));
    expect(got).toEqual([['/data/early.csv']]);
    deliver(['/data/a.csv', '/data/b.parquet']);
    // Anything but a non-empty list of paths is dropped.
    for (const junk of [[], 'x', [1], [''], null, { paths: ['/x'] }]) deliver(junk);
    expect(got).toEqual([['/data/early.csv'], ['/data/a.csv', '/data/b.parquet']]);
    stop();
    deliver(['/data/later.csv']);
    expect(got).toHaveLength(2);
    bridge.onOpenFiles((paths) => got.push(paths));
    expect(got[2]).toEqual(['/data/later.csv']);
  });
});
