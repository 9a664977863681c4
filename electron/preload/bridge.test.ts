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
    );
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'pathForFile']);
    for (const m of Object.keys(contract)) await bridge.invoke(m, {});
    expect(sent.sort()).toEqual(Object.keys(contract).sort());
    const refused = (await bridge.invoke('fs.readFile', { path: '/etc/passwd' })) as { ok: boolean; error: { code: string } };
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(sent).not.toContain('fs.readFile');
  });
});
