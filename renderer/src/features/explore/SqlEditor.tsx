import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../store/app-store';
import { preloadPlotly } from '../../components/Plot';
import { ChartBuilder } from './ChartBuilder';
import { ResultGrid } from './ResultGrid';

/** SQL over every loaded dataset (by its table name); Ctrl/Cmd+Enter runs, Escape cancels. */
export function SqlEditor() {
  const sql = useApp((s) => s.sql);
  const setSql = useApp((s) => s.setSql);
  const runSql = useApp((s) => s.runSql);
  const cancelSql = useApp((s) => s.cancelSql);
  const running = useApp((s) => s.runningId !== null);
  const result = useApp((s) => s.result);
  const error = useApp((s) => s.sqlError);
  const history = useApp((s) => s.history);
  const saved = useApp((s) => s.saved);
  const refreshQueries = useApp((s) => s.refreshQueries);
  const saveSql = useApp((s) => s.saveSql);
  const deleteSaved = useApp((s) => s.deleteSaved);
  const tab = useApp((s) => s.resultTab);
  const setTab = useApp((s) => s.setResultTab);
  const lastRunSql = useApp((s) => s.lastRunSql);
  const rerunLast = useApp((s) => s.rerunLast);
  const [side, setSide] = useState<'history' | 'saved'>('history');
  const exporting = useApp((s) => s.exporting);
  const exportResult = useApp((s) => s.exportResult);
  const text = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void refreshQueries();
  }, [refreshQueries]);
  // The chart tab's Plotly bundle loads while the analyst writes the query, not when they click Chart.
  useEffect(() => preloadPlotly(), []);

  const lines = Math.max(1, sql.split('\n').length);
  const onKey = (e: React.KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      void runSql();
    } else if (e.key === 'Escape' && running) {
      void cancelSql();
    }
  };

  function save() {
    const name = window.prompt('Name this query', sql.split('\n')[0]?.slice(0, 60) ?? 'query');
    if (name?.trim()) void saveSql(name.trim());
  }

  return (
    <div className="sql-view">
      <div className="sql-main">
        <div className="toolbar">
          <button className="primary" onClick={() => void runSql()} disabled={running || !sql.trim()} title="Run (Ctrl+Enter)">
            {running ? 'Running…' : 'Run'}
          </button>
          {running && (
            <button onClick={() => void cancelSql()} title="Cancel (Esc)">
              Cancel
            </button>
          )}
          <button onClick={save} disabled={!sql.trim()}>
            Save
          </button>
          <span className="spacer" />
          <button
            onClick={() => void exportResult('csv')}
            disabled={!result || exporting}
            title="Write the whole result to a CSV file you choose"
          >
            Export CSV…
          </button>
          <button
            onClick={() => void exportResult('parquet')}
            disabled={!result || exporting}
            title="Write the whole result to a Parquet file you choose"
          >
            Export Parquet…
          </button>
        </div>
        <div className="editor">
          <div className="gutter" ref={gutter} aria-hidden>
            {Array.from({ length: lines }, (_, i) => (
              <div key={i} className={error?.line === i + 1 ? 'error-line' : ''}>
                {i + 1}
              </div>
            ))}
          </div>
          <textarea
            ref={text}
            aria-label="SQL"
            spellCheck={false}
            value={sql}
            placeholder="SELECT event_type, count(*) FROM events GROUP BY ALL ORDER BY 2 DESC"
            onChange={(e) => setSql(e.target.value)}
            onKeyDown={onKey}
            onScroll={(e) => {
              if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
            }}
          />
        </div>
        {error && (
          <div className="sql-error" role="alert">
            {error.line ? <strong>Line {error.line}: </strong> : null}
            <pre>{error.message}</pre>
          </div>
        )}
        {result && !error && (
          <div className={running ? 'result stale' : 'result'} aria-busy={running} data-testid="result">
            <div className="result-bar">
              <div className="segmented">
                <button className={tab === 'table' ? 'active' : ''} onClick={() => setTab('table')}>
                  Table
                </button>
                <button className={tab === 'chart' ? 'active' : ''} onClick={() => setTab('chart')}>
                  Chart
                </button>
              </div>
              <span className="muted" data-testid="result-summary">
                {result.page.rowCount.toLocaleString()} rows{result.truncated ? ' (first rows only)' : ''} · {result.elapsedMs.toFixed(0)}{' '}
                ms
              </span>
              {result.note && (
                <span className="muted" data-testid="result-note">
                  {result.note}
                </span>
              )}
            </div>
            <div className="result-body">
              {tab === 'table' ? <ResultGrid page={result.page} /> : <ChartBuilder page={result.page} />}
              {running && (
                <div className="stale-overlay" role="status" data-testid="result-stale">
                  Running… (the rows below are the previous result)
                </div>
              )}
            </div>
          </div>
        )}
        {!result && !error && lastRunSql && !running && (
          <div className="empty" data-testid="rerun-last">
            The last result is not kept across a reload.{' '}
            <button onClick={() => void rerunLast()} title={lastRunSql}>
              Re-run the last query
            </button>
          </div>
        )}
        {!result && !error && running && <div className="empty">Running…</div>}
        {!result && !error && !lastRunSql && !running && (
          <div className="empty">Write a query over your datasets by their table names, then press Ctrl+Enter.</div>
        )}
      </div>
      <aside className="sql-side">
        <div className="segmented">
          <button className={side === 'history' ? 'active' : ''} onClick={() => setSide('history')}>
            History
          </button>
          <button className={side === 'saved' ? 'active' : ''} onClick={() => setSide('saved')}>
            Saved
          </button>
        </div>
        <ul className="query-list">
          {side === 'history' &&
            history.map((h) => (
              <li key={h.id} className={h.error ? 'failed' : ''} title={h.error ?? h.sql} onClick={() => setSql(h.sql)}>
                <code>{h.sql.slice(0, 120)}</code>
                <span className="muted">{new Date(h.ranAt).toLocaleTimeString()}</span>
              </li>
            ))}
          {side === 'saved' &&
            saved.map((q) => (
              <li key={q.id} onClick={() => setSql(q.sql)} title={q.sql}>
                <strong>{q.name}</strong>
                <button
                  className="link"
                  aria-label={`Delete ${q.name}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    void deleteSaved(q.id);
                  }}
                >
                  ×
                </button>
              </li>
            ))}
          {side === 'saved' && !saved.length && <li className="muted">No saved queries yet: write one and press Save.</li>}
          {side === 'history' && !history.length && <li className="muted">Queries you run appear here.</li>}
        </ul>
      </aside>
    </div>
  );
}
