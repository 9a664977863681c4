import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir, testWorkbench } from '../test-support';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('the first-launch welcome', () => {
  it('is offered in a new workspace and, once dismissed, stays dismissed after the app is reopened', async () => {
    const ws = path.join(tmp.dir, 'ws');
    const first = await testWorkbench(ws);
    const info = await first.invoke('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { welcomeDismissed: false } });
    expect(await first.invoke('app.dismissWelcome', {})).toEqual({ ok: true, value: { welcomeDismissed: true } });
    await first.close();

    const again = await testWorkbench(ws);
    expect(await again.invoke('app.info', {})).toMatchObject({ ok: true, value: { welcomeDismissed: true } });
    await again.close();

    // Another workspace has its own memory.
    const other = await testWorkbench(path.join(tmp.dir, 'other'));
    expect(await other.invoke('app.info', {})).toMatchObject({ ok: true, value: { welcomeDismissed: false } });
    await other.close();
  });
});
