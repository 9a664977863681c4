import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../../../shared/api/contract';
import type { CsvOptions, LoadMode, Preview } from '../../../../shared/types';
import { messageOf } from '../../../../shared/api/result';
import { pageToRows } from '../../../../shared/page';
import { ApiCallError, isDesktop } from '../../api/client';
import { useApp, useCall } from '../../store/app-store';

type Listing = ResponseOf<'files.list'>;

/** Choose a file or folder, see its first rows and detected schema, adjust options, then load. */
export function OpenDialog({ initialPath }: { initialPath?: string }) {
  const close = useApp((s) => s.showOpenDialog);
  const load = useApp((s) => s.load);
  // The store's client: the same function for the store's life, so the callbacks below need not list it.
  const call = useCall();
  const [dir, setDir] = useState<Listing | null>(null);
  const [path, setPath] = useState(initialPath ?? '');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  const [mode, setMode] = useState<LoadMode>('view');
  const [csv, setCsv] = useState<CsvOptions>({});
  const [sheet, setSheet] = useState<string | undefined>();
  /** Set when the service refused to stack a folder's differing files; the user may ask for a union. */
  const [offerUnion, setOfferUnion] = useState(false);
  const [unionByName, setUnionByName] = useState(false);
  /** What the service found in the file (kept while other options change, dropped when the user overrides it). */
  const [detected, setDetected] = useState<Preview['detected']>();

  const browse = useCallback(async (target?: string) => {
    try {
      setDir(await call('files.list', target ? { dir: target } : {}));
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);

  useEffect(() => {
    void browse();
  }, [browse]);

  // The folder list follows a typed path: to the folder itself, or to the folder a file (or glob) is in.
  const [typed, setTyped] = useState<string | null>(null);
  useEffect(() => {
    if (!typed?.trim()) return;
    const timer = setTimeout(() => {
      void call('files.list', { dir: typed })
        .catch(() => call('files.list', { dir: parentOf(typed) }))
        .then(setDir)
        .catch(() => undefined); // a half-typed path names no folder yet
    }, 250);
    return () => clearTimeout(timer);
  }, [typed]);

  const runPreview = useCallback(async (p: string, opts: { csv?: CsvOptions; sheet?: string; unionByName?: boolean } = {}) => {
    setBusy(true);
    setError(null);
    setOfferUnion(false);
    try {
      const pv = await call('datasets.preview', {
        path: p,
        options: { csv: opts.csv, sheet: opts.sheet, ...(opts.unionByName ? { unionByName: true } : {}) },
      });
      setPreview(pv);
      setName((n) => n || pv.suggestedName);
      if (pv.options.csv) setCsv(pv.options.csv);
      if (pv.options.sheet) setSheet(pv.options.sheet);
      if (pv.detected) setDetected(pv.detected);
    } catch (e) {
      setPreview(null);
      setError(messageOf(e));
      setOfferUnion(e instanceof ApiCallError && e.error.field === 'unionByName');
    } finally {
      setBusy(false);
    }
  }, []);

  function choose(p: string) {
    setPath(p);
    setName('');
    setCsv({});
    setSheet(undefined);
    setUnionByName(false);
    setDetected(undefined);
    void runPreview(p);
  }

  async function commit() {
    if (!preview) return;
    close(false);
    await load({
      path: preview.path,
      name: name.trim() || undefined,
      mode,
      options: { format: preview.format, csv: preview.format === 'csv' ? csv : undefined, sheet, ...(unionByName ? { unionByName } : {}) },
    });
  }

  const updateCsv = (patch: Partial<CsvOptions>) => {
    const next = { ...csv, ...patch };
    if ('decimalComma' in patch) setDetected(undefined);
    setCsv(next);
    void runPreview(path, { csv: next });
  };

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && close(false)}>
      <div className="modal" role="dialog" aria-label="Open data">
        <header>
          <h2>Open data</h2>
          <button className="link" onClick={() => close(false)} aria-label="Close">
            ×
          </button>
        </header>
        <form
          className="path-row"
          onSubmit={(e) => {
            e.preventDefault();
            choose(path);
          }}
        >
          <input
            aria-label="Path"
            value={path}
            placeholder="/path/to/file.parquet, a folder of exports, or a glob like /data/*.csv"
            onChange={(e) => {
              setPath(e.target.value);
              setTyped(e.target.value);
            }}
            autoFocus
          />
          <button type="submit" disabled={!path.trim() || busy}>
            Preview
          </button>
        </form>
        {!isDesktop && <p className="muted hint">Browser mode: type a path, or pick from the folder below.</p>}
        <div className="open-body">
          <div className="file-list">
            <div className="crumb" title={dir?.dir}>
              {dir?.parent && (
                <button className="link" onClick={() => void browse(dir.parent!)}>
                  ↑ up
                </button>
              )}{' '}
              {dir?.dir}
            </div>
            <ul>
              {dir?.entries.map((e) => (
                <li key={e.path}>
                  <button
                    className={`file ${e.kind} ${e.path === path ? 'selected' : ''}`}
                    onClick={() => choose(e.path)}
                    onDoubleClick={() => e.kind === 'dir' && void browse(e.path)}
                  >
                    <FileIcon kind={e.kind} /> {e.name}
                    {e.kind === 'file' && <span className="muted"> {formatBytes(e.size)}</span>}
                  </button>
                  {e.kind === 'dir' && (
                    <button className="link small" onClick={() => void browse(e.path)} aria-label={`Browse ${e.name}`}>
                      ›
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </div>
          <div className="preview-pane">
            {busy && <p className="muted">Reading…</p>}
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            {offerUnion && !busy && (
              <button
                onClick={() => {
                  setUnionByName(true);
                  void runPreview(path, { unionByName: true });
                }}
              >
                Union by name: stack the files anyway
              </button>
            )}
            {preview && !busy && (
              <>
                <div className="options">
                  <label>
                    Name <input aria-label="Dataset name" value={name} onChange={(e) => setName(e.target.value)} />
                  </label>
                  <label>
                    Format <strong>{preview.format}</strong>
                  </label>
                  {preview.format !== 'xlsx' && (
                    <label>
                      <select aria-label="Load mode" value={mode} onChange={(e) => setMode(e.target.value as LoadMode)}>
                        <option value="view">Query in place (view)</option>
                        <option value="import">Import into workspace</option>
                      </select>
                    </label>
                  )}
                  {preview.sheets && (
                    <label>
                      Sheet
                      <select
                        aria-label="Sheet"
                        value={sheet}
                        onChange={(e) => {
                          setSheet(e.target.value);
                          void runPreview(path, { sheet: e.target.value });
                        }}
                      >
                        {preview.sheets.map((s) => (
                          <option key={s}>{s}</option>
                        ))}
                      </select>
                    </label>
                  )}
                </div>
                {preview.format === 'csv' && <CsvOptionsRow csv={csv} detected={detected} onChange={updateCsv} />}
                <p className="muted">
                  {preview.columns.length} columns: {preview.columns.map((c) => `${c.name} ${c.type}`).join(', ')}
                </p>
                <PreviewTable preview={preview} />
              </>
            )}
            {!preview && !busy && !error && <p className="muted">Pick a file or folder to see its first rows and detected columns.</p>}
          </div>
        </div>
        <footer>
          <button onClick={() => close(false)}>Cancel</button>
          <button className="primary" disabled={!preview || busy} onClick={() => void commit()}>
            {mode === 'import' ? 'Import' : 'Open'}
          </button>
        </footer>
      </div>
    </div>
  );
}

function CsvOptionsRow({
  csv,
  detected,
  onChange,
}: {
  csv: CsvOptions;
  detected: Preview['detected'];
  onChange: (p: Partial<CsvOptions>) => void;
}) {
  const commaDetected = detected?.decimalSeparator === ',' && csv.decimalComma;
  return (
    <div className="options csv-options">
      <label>
        Delimiter
        <select aria-label="Delimiter" value={csv.delimiter ?? ''} onChange={(e) => onChange({ delimiter: e.target.value || undefined })}>
          <option value="">auto</option>
          <option value=",">comma</option>
          <option value=";">semicolon</option>
          <option value={'\t'}>tab</option>
          <option value="|">pipe</option>
        </select>
      </label>
      <label>
        <input type="checkbox" checked={csv.header ?? true} onChange={(e) => onChange({ header: e.target.checked })} /> header row
      </label>
      <label>
        {/* Thousands separators go with the decimal separator: ask the service again when it changes. */}
        <input
          type="checkbox"
          aria-label="Decimal comma"
          checked={csv.decimalComma ?? false}
          onChange={(e) => onChange({ decimalComma: e.target.checked, thousandsSeparator: undefined })}
        />{' '}
        decimal comma
        {commaDetected && (
          <span
            className="muted"
            title={detected?.thousandsSeparator ? `thousands separated by "${detected.thousandsSeparator}"` : undefined}
          >
            {' '}
            (detected)
          </span>
        )}
      </label>
      <label>
        Encoding
        <select
          aria-label="Encoding"
          value={csv.encoding ?? 'utf-8'}
          onChange={(e) => onChange({ encoding: e.target.value as CsvOptions['encoding'] })}
        >
          <option value="utf-8">UTF-8</option>
          <option value="latin-1">Latin-1</option>
          <option value="utf-16">UTF-16</option>
        </select>
      </label>
      <label>
        Skip rows
        <input
          aria-label="Skip rows"
          type="number"
          min={0}
          value={csv.skipRows ?? 0}
          onChange={(e) => onChange({ skipRows: Number(e.target.value) || undefined })}
          style={{ width: 60 }}
        />
      </label>
      <label>
        Date format
        <input
          aria-label="Date format"
          placeholder="auto, e.g. %d/%m/%Y"
          value={csv.dateFormat ?? ''}
          onChange={(e) => onChange({ dateFormat: e.target.value || undefined })}
          style={{ width: 120 }}
        />
      </label>
    </div>
  );
}

function PreviewTable({ preview }: { preview: Preview }) {
  const rows = pageToRows(preview.page).slice(0, 20);
  return (
    <div className="preview-table">
      <table>
        <thead>
          <tr>
            {preview.columns.map((c) => (
              <th key={c.name}>
                {c.name}
                <div className="type">{c.type}</div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {preview.columns.map((c) => (
                <td key={c.name}>{r[c.name] === null ? <span className="null">null</span> : String(r[c.name])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The folder holding a typed path (file, glob or half-typed name); the renderer has no node:path. */
function parentOf(p: string): string {
  const cut = p.replace(/[\\/]+$/, '').replace(/[\\/][^\\/]*$/, '');
  return cut || '/';
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

function FileIcon({ kind }: { kind: 'dir' | 'file' }) {
  return kind === 'dir' ? (
    <svg className="icon" width="14" height="12" viewBox="0 0 14 12" aria-hidden>
      <path
        d="M0 1.5A1.5 1.5 0 0 1 1.5 0h3.8l1.4 1.6h5.8A1.5 1.5 0 0 1 14 3.1v7.4a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 0 10.5z"
        fill="#e0b44c"
      />
    </svg>
  ) : (
    <svg className="icon" width="12" height="14" viewBox="0 0 12 14" aria-hidden>
      <path d="M1 0h7l4 4v9a1 1 0 0 1-1 1H1a1 1 0 0 1-1-1V1a1 1 0 0 1 1-1z" fill="#cfd6e2" />
      <path d="M8 0v4h4" fill="#aab4c4" />
    </svg>
  );
}
