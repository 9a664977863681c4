import { type ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo } from 'react';
import type { ColumnPage } from '../../../../shared/types';
import { gridTheme } from './DataGrid';
import { isNumeric, pageToRows } from './grid-model';

/** A bounded result (at most the query's row limit) shown client-side. */
export function ResultGrid({ page }: { page: ColumnPage }) {
  const rows = useMemo(() => pageToRows(page), [page]);
  const cols = useMemo<ColDef[]>(
    () =>
      page.columns.map((c) => ({
        field: c.name,
        headerName: c.name,
        headerTooltip: `${c.name}: ${c.type}`,
        sortable: true,
        filter: true,
        type: isNumeric(c) ? 'rightAligned' : undefined,
        valueGetter: (p) => (p.data as Record<string, unknown> | undefined)?.[c.name],
      })),
    [page],
  );
  return (
    <div className="grid-host" data-testid="result-grid">
      <AgGridReact theme={gridTheme} rowData={rows} columnDefs={cols} defaultColDef={{ resizable: true, minWidth: 90 }} />
    </div>
  );
}
