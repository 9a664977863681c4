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
});
