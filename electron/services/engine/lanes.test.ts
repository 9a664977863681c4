import { describe, expect, it } from 'vitest';
import { checkLane, Lanes } from './lanes';

/** A call that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('engine lanes', () => {
  it('runs at most the bound of a lane at once, in order, while the other lane keeps moving', async () => {
    const lanes = new Lanes({ interactive: 1, heavy: 2 });
    const started: string[] = [];
    const gates = [gate(), gate(), gate()];
    const heavy = gates.map((g, i) =>
      lanes.run('heavy', async () => {
        started.push(`heavy ${i}`);
        await g.opened;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual(['heavy 0', 'heavy 1']);
    expect(lanes.queued('heavy')).toBe(1);
    await lanes.run('interactive', async () => void started.push('small'));
    expect(started).toEqual(['heavy 0', 'heavy 1', 'small']);
    gates[1]!.open();
    await heavy[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['heavy 0', 'heavy 1', 'small', 'heavy 2']);
    gates[0]!.open();
    gates[2]!.open();
    await Promise.all(heavy);
    expect(lanes.queued('heavy')).toBe(0);
  });

  it('drops waiting calls by tag without starting them, and frees the slot of a call that fails', async () => {
    const lanes = new Lanes({ interactive: 1, heavy: 1 });
    const g = gate();
    const first = lanes.run('heavy', () => g.opened, 'job-1');
    let ran = false;
    const waiting = lanes.run('heavy', async () => void (ran = true), 'job-2');
    expect(lanes.cancelWaiting('job-2', new Error('cancelled'))).toBe(true);
    await expect(waiting).rejects.toThrow('cancelled');
    expect(lanes.cancelWaiting('job-3', new Error('cancelled'))).toBe(false);
    g.open();
    await first;
    expect(ran).toBe(false);
    await expect(lanes.run('heavy', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lanes.run('heavy', async () => 7)).toBe(7);
  });

  it('refuses a lane it does not know, naming the accepted ones', () => {
    expect(checkLane('interactive')).toBe('interactive');
    expect(() => checkLane('urgent')).toThrow('lane: "urgent" is not a lane; use one of interactive, heavy.');
  });
});
