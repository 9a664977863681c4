import { AllCommunityModule, ModuleRegistry, themeQuartz, type ColDef, type IDatasource } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, useState } from 'react';
import type { ColumnInfo, Dataset } from '../../../../shared/types';
import { messageOf } from '../../../../shared/api/result';
import { useApp, useCall } from '../../store/app-store';
import { isNumeric, pageToRows, toFilterSpecs, toSortSpecs } from './grid-model';

ModuleRegistry.registerModules([AllCommunityModule]);

/** What both grids show for a column: its name, its type on hover, numbers right-aligned. */
export function columnDef(c: ColumnInfo): ColDef {
  return {
    field: c.name,
    headerName: c.name,
    headerTooltip: `${c.name}: ${c.type}`,
    sortable: true,
    type: isNumeric(c) ? 'rightAligned' : undefined,
    valueGetter: (p) => (p.data as Record<string, unknown> | undefined)?.[c.name],
  };
}

export const gridTheme = themeQuartz.withParams({ fontFamily: 'inherit', fontSize: 13, headerFontWeight: 600, spacing: 5 });

const PAGE = 200;
/** AG Grid's overlay when a filter leaves no rows (an empty page is an answer, not an error). */
export const NO_MATCHING_ROWS = 'No rows match the filters';

/** Rows stay in DuckDB: the grid asks for one block at a time with its sort and filter. */
export function DataGrid({ dataset }: { dataset: Dataset }) {
  const notify = useApp((s) => s.notify);
  const call = useCall();
  const [status, setStatus] = useState<{ total: number; filtered: boolean; sorted: string } | null>(null);
  const columnDefs = useMemo(
    () =>
      dataset.columns.map((c) => ({
        ...columnDef(c),
        colId: c.name,
        filter: isNumeric(c) ? 'agNumberColumnFilter' : 'agTextColumnFilter',
        filterParams: { maxNumConditions: 1, buttons: ['reset', 'apply'] },
        width: initialWidth(c.type),
      })),
    [dataset],
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
      <div className="grid-host" data-testid="data-grid">
        <AgGridReact
          key={dataset.id}
          theme={gridTheme}
          columnDefs={columnDefs}
          defaultColDef={{ resizable: true, minWidth: 90 }}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={PAGE}
          maxBlocksInCache={20}
          blockLoadDebounceMillis={60}
          localeText={{ noMatchingRows: NO_MATCHING_ROWS }}
        />
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
