import { describe, expect, it } from 'vitest';
import { ErrorCode, WorkbenchError } from '../../../../shared/api/result';
import type { HistoryEntry, QueryResult } from '../../../../shared/types';
import { createAppStore } from '../../store/create-app-store';
import { scriptedClient } from '../../store/scripted-client';

const history: HistoryEntry[] = [];

describe('sql slice', () => {
  it('a failing query stores the error with its line, stops running and refreshes the history', async () => {
    const { client, calls } = scriptedClient({
      'query.run': () => {
        throw new WorkbenchError(ErrorCode.QueryFailed, 'Binder Error: Referenced column "nope" not found', { line: 3 });
      },
      'query.history': () => history,
      'query.saved': () => [],
    });
    const store = createAppStore(client);
    store.getState().setSql('SELECT *\nFROM events\nWHERE nope = 1');
    await store.getState().runSql();

    const s = store.getState();
    expect(s.sqlError).toEqual({ code: ErrorCode.QueryFailed, message: 'Binder Error: Referenced column "nope" not found', line: 3 });
    expect(s.result).toBeNull();
    expect(s.runningId).toBeNull();
    expect(calls[0]).toMatchObject({ method: 'query.run', request: { sql: 'SELECT *\nFROM events\nWHERE nope = 1' } });
    await expect.poll(() => calls.map((c) => c.method)).toEqual(['query.run', 'query.history', 'query.saved']);
  });

  it('a query that succeeds replaces the result and clears the last error', async () => {
    const result: QueryResult = {
      page: { columns: [{ name: 'n', type: 'BIGINT' }], data: [[42]], rowCount: 1 },
      truncated: false,
      elapsedMs: 3,
    };
    let fail = true;
    const { client } = scriptedClient({
      'query.run': () => {
        if (fail) throw new WorkbenchError(ErrorCode.QueryFailed, 'Parser Error: syntax error at end of input', { line: 1 });
        return result;
      },
      'query.history': () => history,
      'query.saved': () => [],
    });
    const store = createAppStore(client);
    store.getState().setSql('SELECT');
    await store.getState().runSql();
    expect(store.getState().sqlError?.line).toBe(1);

    fail = false;
    store.getState().setSql('SELECT 42 AS n');
    await store.getState().runSql();
    expect(store.getState().sqlError).toBeNull();
    expect(store.getState().result).toEqual(result);
  });

  it('does not run empty SQL', async () => {
    const { client, calls } = scriptedClient({});
    const store = createAppStore(client);
    store.getState().setSql('   \n ');
    await store.getState().runSql();
    expect(calls).toEqual([]);
  });

  it('the SQL text, the result tab and a grid sort and filter survive a reload; the last query can be re-run', async () => {
    const result: QueryResult = {
      page: { columns: [{ name: 'n', type: 'BIGINT' }], data: [[7]], rowCount: 1 },
      truncated: false,
      elapsedMs: 1,
    };
    const script = { 'query.run': () => result, 'query.history': () => history, 'query.saved': () => [] };
    const first = createAppStore(scriptedClient(script).client);
    first.getState().setSql('SELECT 7 AS n');
    await first.getState().runSql();
    first.getState().setResultTab('chart');
    first.getState().rememberGrid('events', { sort: { sortModel: [{ colId: 'event_ts', sort: 'desc' }] } });

    // A new store in the same process stands for a reloaded window.
    const { client, calls } = scriptedClient(script);
    const reloaded = createAppStore(client);
    const s = reloaded.getState();
    expect(s.sql).toBe('SELECT 7 AS n');
    expect(s.resultTab).toBe('chart');
    expect(s.gridMemory.events).toEqual({ sort: { sortModel: [{ colId: 'event_ts', sort: 'desc' }] } });
    expect(s.result).toBeNull();
    expect(s.lastRunSql).toBe('SELECT 7 AS n');

    reloaded.getState().setSql('SELECT something else');
    await reloaded.getState().rerunLast();
    expect(reloaded.getState().sql).toBe('SELECT 7 AS n');
    expect(reloaded.getState().result).toEqual(result);
    expect(calls[0]).toMatchObject({ method: 'query.run', request: { sql: 'SELECT 7 AS n' } });
  });

  it('keeps the previous result while a new query runs', async () => {
    const result: QueryResult = {
      page: { columns: [{ name: 'n', type: 'BIGINT' }], data: [[1]], rowCount: 1 },
      truncated: false,
      elapsedMs: 1,
    };
    let release: () => void = () => undefined;
    let n = 0;
    const { client } = scriptedClient({
      'query.run': async () => {
        if (n++ === 1) await new Promise<void>((r) => (release = r));
        return result;
      },
      'query.history': () => history,
      'query.saved': () => [],
    });
    const store = createAppStore(client);
    store.getState().setSql('SELECT 1 AS n');
    await store.getState().runSql();
    const second = store.getState().runSql();
    await expect.poll(() => store.getState().runningId).not.toBeNull();
    expect(store.getState().result).toEqual(result);
    release();
    await second;
    expect(store.getState().runningId).toBeNull();
  });
});
