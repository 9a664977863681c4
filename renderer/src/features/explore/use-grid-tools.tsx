import type { CellClickedEvent, CellFocusedEvent, CellKeyDownEvent, GridApi, GridReadyEvent } from 'ag-grid-community';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { ColumnInfo } from '../../../../shared/types';
import { fullText } from './format';
import { inRange, rangeCells, rangeToTsv, type CellPos, type CellRange } from './grid-selection';

/** Copies text; falls back to a hidden textarea where the async clipboard is refused. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

interface Inspected {
  column: ColumnInfo;
  row: number;
  value: unknown;
}

/**
 * What both grids share beyond AG Grid Community: a rectangular selection (click, then shift-click),
 * Ctrl/Cmd+C to copy it (or the focused cell) as TSV, and a cell inspector opened with Enter or a button.
 */
export function useGridTools(columns: readonly ColumnInfo[], onCopied: (text: string) => void) {
  const api = useRef<GridApi | null>(null);
  const [anchor, setAnchor] = useState<CellPos | null>(null);
  const [range, setRangeState] = useState<CellRange | null>(null);
  const [focused, setFocused] = useState<CellPos | null>(null);
  const [inspected, setInspected] = useState<Inspected | null>(null);
  // The cell class rule reads the ref: AG Grid may redraw cells before React re-renders this hook.
  const rangeRef = useRef<CellRange | null>(null);
  const setRange = (r: CellRange | null) => {
    rangeRef.current = r;
    setRangeState(r);
  };

  const order = () => (api.current?.getAllDisplayedColumns() ?? []).map((c) => c.getColId());
  const rowAt = (i: number) => api.current?.getDisplayedRowAtIndex(i)?.data as Record<string, unknown> | undefined;

  const inspect = useCallback(
    (pos: CellPos | null) => {
      const column = columns.find((c) => c.name === pos?.col);
      if (!pos || !column) return;
      setInspected({ column, row: pos.row, value: rowAt(pos.row)?.[pos.col] ?? null });
    },
    [columns],
  );

  const copy = useCallback(async () => {
    const r = rangeRef.current;
    let text: string | null = null;
    if (r) text = rangeToTsv(r, order(), rowAt);
    else if (focused) {
      const data = rowAt(focused.row);
      if (data) text = fullText(data[focused.col]);
    }
    if (text === null) return;
    await copyText(text);
    onCopied(text);
  }, [focused, onCopied]);

  const refresh = () => api.current?.refreshCells({ force: true });

  const gridProps = {
    onGridReady: (e: GridReadyEvent) => {
      api.current = e.api;
    },
    onCellClicked: (e: CellClickedEvent) => {
      if (e.rowIndex === null) return;
      const pos = { row: e.rowIndex, col: e.column.getColId() };
      const shift = (e.event as MouseEvent | null)?.shiftKey;
      if (shift && anchor) setRange({ from: anchor, to: pos });
      else {
        setAnchor(pos);
        setRange(null);
      }
      setTimeout(refresh, 0);
    },
    onCellFocused: (e: CellFocusedEvent) => {
      const col = typeof e.column === 'string' ? e.column : e.column?.getColId();
      setFocused(e.rowIndex !== null && col ? { row: e.rowIndex, col } : null);
    },
    onCellKeyDown: (e: CellKeyDownEvent) => {
      const k = e.event as KeyboardEvent | null;
      if (!k) return;
      if ((k.ctrlKey || k.metaKey) && k.key.toLowerCase() === 'c') {
        k.preventDefault();
        void copy();
      } else if (k.key === 'Enter' && e.rowIndex !== null) {
        inspect({ row: e.rowIndex, col: e.column.getColId() });
      } else if (k.key === 'Escape') {
        setRange(null);
        setInspected(null);
        setTimeout(refresh, 0);
      }
    },
    tooltipShowDelay: 400,
    enableCellTextSelection: false,
  };

  /** cellClassRules entry that marks cells inside the selection. */
  const selectedRule = useMemo(
    () => ({
      'cell-in-range': (p: { rowIndex: number; column: { getColId(): string } }) =>
        inRange(rangeRef.current, order(), p.rowIndex, p.column.getColId()),
    }),
    [],
  );

  const size = range ? rangeCells(range, order()) : null;
  const toolbar = (
    <div className="grid-tools" role="toolbar" aria-label="Cell tools">
      <span className="muted" data-testid="selection-status">
        {size && size.rows.length * size.cols.length > 1
          ? `${size.rows.length} × ${size.cols.length} cells selected · Ctrl+C copies them`
          : 'Click a cell, shift-click another to select a range · Ctrl+C copies · Enter inspects'}
      </span>
      <button className="small" disabled={!focused} onClick={() => inspect(focused)}>
        Inspect cell
      </button>
    </div>
  );
  const inspector = inspected && (
    <aside className="cell-inspector" aria-label="Cell inspector" data-testid="cell-inspector">
      <header>
        <strong title={inspected.column.name}>{inspected.column.name}</strong>
        <span className="type">{inspected.column.type}</span>
        <span className="muted">row {(inspected.row + 1).toLocaleString()}</span>
        <span className="spacer" />
        <button className="small" onClick={() => void copyText(fullText(inspected.value)).then(() => onCopied(fullText(inspected.value)))}>
          Copy
        </button>
        <button className="link" aria-label="Close the inspector" onClick={() => setInspected(null)}>
          ×
        </button>
      </header>
      <pre className={inspected.value === null ? 'cell-null' : inspected.value === '' ? 'cell-empty' : ''}>
        {inspected.value === '' ? '(empty string)' : fullText(inspected.value, true)}
      </pre>
    </aside>
  );
  return { gridProps, selectedRule, toolbar, inspector };
}
