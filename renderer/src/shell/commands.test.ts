import { describe, expect, it } from 'vitest';
import { filterCommands, fuzzyScore } from './commands';
import { shellKey } from './shortcuts';

const cmd = (title: string, group = 'Action', keywords?: string) => ({ title, group, keywords });

describe('command palette filter', () => {
  it('matches letters in order, anywhere, ignoring case and spaces', () => {
    expect(fuzzyScore('evt', 'Open dataset events')).not.toBeNull();
    expect(fuzzyScore('EV ts', 'events')).not.toBeNull();
    expect(fuzzyScore('tve', 'events')).toBeNull();
  });

  it('ranks word starts and runs of letters above scattered matches', () => {
    const list = [
      cmd('Export result as Parquet'),
      cmd('Go to Experiments', 'Go to'),
      cmd('Open dataset experiment_assignments', 'Dataset'),
    ];
    expect(filterCommands(list, 'exper').map((c) => c.title)).toEqual([
      'Go to Experiments',
      'Open dataset experiment_assignments',
      'Export result as Parquet', // e-x-p-e-r scattered over three words
    ]);
    expect(filterCommands(list, 'exp')[0]!.title).toBe('Go to Experiments');
  });

  it('finds a command by its group or keywords, below title matches, and keeps order with no query', () => {
    const list = [cmd('customers', 'Dataset', 'customers.csv'), cmd('Run the query', 'SQL', 'execute')];
    expect(filterCommands(list, 'execute').map((c) => c.title)).toEqual(['Run the query']);
    expect(filterCommands(list, '').map((c) => c.title)).toEqual(['customers', 'Run the query']);
    expect(filterCommands(list, 'zzz')).toEqual([]);
  });
});

describe('shell keys', () => {
  const input = { tagName: 'INPUT' } as unknown as EventTarget;
  const body = { tagName: 'BODY' } as unknown as EventTarget;
  const key = (k: string, target: EventTarget, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
    shellKey({ key: k, ctrlKey: false, metaKey: false, altKey: false, target, ...mods });

  it('opens the palette with Ctrl/Cmd+K even while typing, the shortcut list with ? only outside text fields', () => {
    expect(key('k', input, { ctrlKey: true })).toBe('palette');
    expect(key('K', body, { metaKey: true })).toBe('palette');
    expect(key('?', body)).toBe('shortcuts');
    expect(key('?', input)).toBeNull();
    expect(key('k', body)).toBeNull();
  });
});
