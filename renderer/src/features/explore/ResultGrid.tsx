import { AgGridReact } from 'ag-grid-react';
import { useMemo } from 'react';
import type { ColumnPage } from '../../../../shared/types';
import { columnDef, gridTheme } from './DataGrid';
import { pageToRows } from './grid-model';

/** A bounded result (at most the query's row limit) shown client-side. */
export function ResultGrid({ page }: { page: ColumnPage }) {
  const rows = useMemo(() => pageToRows(page), [page]);
  const cols = useMemo(() => page.columns.map((c) => ({ ...columnDef(c), filter: true })), [page]);
  return (
    <div className="grid-host" data-testid="result-grid">
      <AgGridReact theme={gridTheme} rowData={rows} columnDefs={cols} defaultColDef={{ resizable: true, minWidth: 90 }} />
    </div>
  );
}
