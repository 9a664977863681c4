import { AgGridReact } from 'ag-grid-react';
import { useMemo } from 'react';
import type { ColumnPage } from '../../../../shared/types';
import { useApp } from '../../store/app-store';
import { columnDef, contentWidths, gridTheme } from './DataGrid';
import { pageToRows } from './grid-model';
import { useGridTools } from './use-grid-tools';

/** A bounded result (at most the query's row limit) shown client-side, columns sized to their content. */
export function ResultGrid({ page }: { page: ColumnPage }) {
  const notify = useApp((s) => s.notify);
  const tools = useGridTools(page.columns, (text) => notify('info', `Copied ${text.split('\n').length.toLocaleString()} line(s).`));
  const rows = useMemo(() => pageToRows(page), [page]);
  const cols = useMemo(() => {
    const widths = contentWidths(page);
    return page.columns.map((c) => ({ ...columnDef(c), filter: true, width: widths[c.name], cellClassRules: tools.selectedRule }));
  }, [page, tools.selectedRule]);
  return (
    <>
      {tools.toolbar}
      <div className="grid-row">
        <div className="grid-host" data-testid="result-grid">
          <AgGridReact
            {...tools.gridProps}
            theme={gridTheme}
            rowData={rows}
            columnDefs={cols}
            defaultColDef={{ resizable: true, minWidth: 80, maxWidth: 640 }}
          />
        </div>
        {tools.inspector}
      </div>
    </>
  );
}
