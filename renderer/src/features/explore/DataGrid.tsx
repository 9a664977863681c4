import {
  AllCommunityModule,
  ModuleRegistry,
  themeQuartz,
  type ColDef,
  type GridApi,
  type GridState,
  type IDatasource,
  type StateUpdatedEvent,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { preloadPlotly } from '../../components/Plot';
import type { ColumnInfo, ColumnPage, Dataset } from '../../../../shared/types';
import { messageOf } from '../../../../shared/api/result';
import { useApp, useCall } from '../../store/app-store';
import { cellClass, contentWidth, formatCell, fullText } from './format';
import { isNumeric, pageToRows, toFilterSpecs, toSortSpecs } from './grid-model';
import { useGridTools } from './use-grid-tools';

ModuleRegistry.registerModules([AllCommunityModule]);

/** Values longer than this get their full text in a tooltip (shorter ones fit their column). */
const TOOLTIP_FROM_CHARS = 24;

/**
 * What both grids show for a column: its name, its type on hover, numbers right-aligned with thousands
 * separators (not years or ids), one date format, NULL muted and distinct from '', the full value on hover.
 */
export function columnDef(c: ColumnInfo): ColDef {
  return {
    field: c.name,
    headerName: c.name,
    headerTooltip: `${c.name}: ${c.type}`,
    sortable: true,
    type: isNumeric(c) ? 'rightAligned' : undefined,
    valueGetter: (p) => (p.data as Record<string, unknown> | undefined)?.[c.name],
    valueFormatter: (p) => formatCell(p.value, c.name, c.type),
    cellClass: (p) => cellClass(p.value),
    tooltipValueGetter: (p) => {
      if (p.value === undefined) return undefined;
      const text = fullText(p.value);
      return text.length > TOOLTIP_FROM_CHARS ? text : undefined;
    },
  };
}

/** Column widths from the header and the formatted values of the first rows, within limits. */
export function contentWidths(page: ColumnPage, sample = 200): Record<string, number> {
  const out: Record<string, number> = {};
  page.columns.forEach((c, i) => {
    const values = (page.data[i] ?? []).slice(0, sample).map((v) => formatCell(v, c.name, c.type));
    out[c.name] = contentWidth(c.name, values);
  });
  return out;
}

export const gridTheme = themeQuartz.withParams({ fontFamily: 'inherit', fontSize: 13, headerFontWeight: 600, spacing: 5 });

const PAGE = 200;
/** AG Grid's overlay when a filter leaves no rows (an empty page is an answer, not an error). */
export const NO_MATCHING_ROWS = 'No rows match the filters';

/** Rows stay in DuckDB: the grid asks for one block at a time with its sort and filter. */
export function DataGrid({ dataset }: { dataset: Dataset }) {
  const notify = useApp((s) => s.notify);
  const call = useCall();
  const memory = useApp((s) => s.gridMemory[dataset.id]);
  const rememberGrid = useApp((s) => s.rememberGrid);
  // Sort and filter come back when the analyst returns to this dataset (another tab, or a reload).
  const [initialState] = useState<GridState | undefined>(() =>
    memory ? ({ sort: memory.sort, filter: memory.filter } as GridState) : undefined,
  );
  const sized = useRef(false);
  const gridApi = useRef<GridApi | null>(null);
  const tools = useGridTools(dataset.columns, (text) => notify('info', `Copied ${text.split('\n').length.toLocaleString()} line(s).`));
  // The app opens on this grid: fetch and parse Plotly while the analyst reads, before any chart is asked for.
  useEffect(() => preloadPlotly(), []);
  const [status, setStatus] = useState<{ total: number; filtered: boolean; sorted: string } | null>(null);
  const columnDefs = useMemo(
    () =>
      dataset.columns.map((c) => ({
        ...columnDef(c),
        colId: c.name,
        filter: isNumeric(c) ? 'agNumberColumnFilter' : 'agTextColumnFilter',
        filterParams: { maxNumConditions: 1, buttons: ['reset', 'apply'] },
        width: initialWidth(c.type),
        cellClassRules: tools.selectedRule,
      })),
    [dataset, tools.selectedRule],
  );

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows(params) {
        const sort = toSortSpecs(params.sortModel);
        const filters = toFilterSpecs(params.filterModel as Record<string, never>);
        call('explore.page', {
          datasetId: dataset.id,
          offset: params.startRow,
          limit: params.endRow - params.startRow,
          sort,
          filters,
        }).then(
          (r) => {
            params.successCallback(pageToRows(r.page), r.total);
            // Once the first rows are here, size the columns to them (rows still in DuckDB cannot be measured).
            if (!sized.current && r.page.rowCount && gridApi.current) {
              sized.current = true;
              const widths = contentWidths(r.page);
              gridApi.current.setColumnWidths(Object.entries(widths).map(([key, newWidth]) => ({ key, newWidth })));
            }
            setStatus({ total: r.total, filtered: filters.length > 0, sorted: sort.map((s) => `${s.column} ${s.direction}`).join(', ') });
          },
          (err: unknown) => {
            notify('error', messageOf(err));
            params.failCallback();
          },
        );
      },
    }),
    [dataset, notify, call],
  );

  // Recovery at start marked it: say what is gone rather than failing on every page.
  if (dataset.missing)
    return (
      <div className="empty" role="status" data-testid="dataset-missing">
        <p>
          <strong>{dataset.name}</strong> cannot be shown: {dataset.missing}.
        </p>
        <p className="muted">Load the file again (Open, Ctrl+O), or remove the dataset with × in the list.</p>
      </div>
    );

  return (
    <div className="grid-wrap">
      <div className="grid-status muted" data-testid="grid-status">
        {status ? (
          <>
            {status.total.toLocaleString()} rows{status.filtered ? ` matching filters (of ${dataset.rowCount.toLocaleString()})` : ''}
            {status.sorted && ` · sorted by ${status.sorted}`}
          </>
        ) : (
          'Loading…'
        )}
        <span className="spacer" />
        {dataset.mode === 'view' ? 'queried in place from' : 'imported from'} <code title={dataset.sourcePath}>{dataset.sourcePath}</code>
      </div>
      {tools.toolbar}
      <div className="grid-row">
        <div className="grid-host" data-testid="data-grid">
          <AgGridReact
            key={dataset.id}
            {...tools.gridProps}
            onGridReady={(e) => {
              gridApi.current = e.api;
              tools.gridProps.onGridReady(e);
            }}
            initialState={initialState}
            onStateUpdated={(e: StateUpdatedEvent) => {
              if (e.sources.includes('sort') || e.sources.includes('filter'))
                rememberGrid(dataset.id, { sort: e.state.sort, filter: e.state.filter });
            }}
            theme={gridTheme}
            columnDefs={columnDefs}
            defaultColDef={{ resizable: true, minWidth: 80, maxWidth: 640 }}
            rowModelType="infinite"
            datasource={datasource}
            cacheBlockSize={PAGE}
            maxBlocksInCache={20}
            blockLoadDebounceMillis={60}
            localeText={{ noMatchingRows: NO_MATCHING_ROWS }}
          />
        </div>
        {tools.inspector}
      </div>
    </div>
  );
}

/** Widths by type, since auto-sizing cannot see rows that are still in DuckDB. */
function initialWidth(type: string): number {
  if (type.startsWith('TIMESTAMP')) return 175;
  if (type === 'DATE') return 115;
  if (type === 'BOOLEAN') return 100;
  if (/^(STRUCT|MAP)|\[\]$/.test(type)) return 260;
  if (/INT|DOUBLE|FLOAT|DECIMAL/.test(type)) return 120;
  return 150;
}
