import { describe, expect, it } from 'vitest';
import { useWorkbench } from '../test-support';

const t = useWorkbench();
const storedSql = () =>
  t.wb.store.db.prepare('SELECT sql, error FROM query_history ORDER BY id').all() as { sql: string; error: string | null }[];

describe('query history', () => {
  it('stores SQL with its secrets redacted, whether the statement ran or failed', async () => {
    await t.wb.invoke('query.run', { sql: `CREATE SECRET s3_prod (TYPE s3, KEY_ID 'AKIAEXAMPLE', SECRET 'wJalrXUtnFEMI')` });
    await t.wb.invoke('query.run', { sql: `ATTACH 'host=db.local user=ana password=hunter2 dbname=shop' AS pg (TYPE postgres)` });
    const text = JSON.stringify(storedSql());
    expect(text).not.toMatch(/AKIAEXAMPLE|wJalrXUtnFEMI|hunter2/);
    expect(text).toContain(`KEY_ID '***', SECRET '***'`);
    expect(text).toContain('password=***');
    const history = await t.wb.invoke('query.history', {});
    expect(JSON.stringify(history)).not.toMatch(/AKIAEXAMPLE|wJalrXUtnFEMI|hunter2/);
  });

  it('answers the query when the history cannot be written', async () => {
    // A real write failure inside SQLite, as a full disk or a damaged file gives.
    t.wb.store.db.exec(
      `CREATE TRIGGER history_fails BEFORE INSERT ON query_history BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END`,
    );
    try {
      const before = storedSql().length;
      expect(await t.wb.invoke('query.run', { sql: 'SELECT 42 AS answer' })).toMatchObject({ ok: true, value: { page: { data: [[42]] } } });
      const failed = await t.wb.invoke('query.run', { sql: 'SELECT * FROM no_such_table' });
      expect(failed).toMatchObject({ ok: false, error: { code: 'QUERY_FAILED', message: expect.stringContaining('no_such_table') } });
      const pages = await t.wb.invoke('query.open', { sql: 'SELECT 1 AS one' });
      expect(pages.ok).toBe(true);
      const cursorId = pages.ok ? (pages.value as { cursorId: string }).cursorId : '';
      expect(await t.wb.invoke('query.next', { cursorId })).toMatchObject({ ok: true, value: { page: { data: [[1]] } } });
      expect(await t.wb.invoke('query.next', { cursorId })).toMatchObject({ ok: true, value: { page: null } });
      expect(storedSql().length).toBe(before);
    } finally {
      t.wb.store.db.exec('DROP TRIGGER history_fails');
    }
  });
});
