/** Pure conversions between AG Grid's models and the API's sort/filter specs. */
import { isNumericType, type ColumnInfo, type FilterSpec, type SortSpec } from '../../../../shared/types';

export { pageToRows } from '../../../../shared/page';

export function isNumeric(c: ColumnInfo): boolean {
  return isNumericType(c.type);
}

export function toSortSpecs(model: { colId: string; sort: 'asc' | 'desc' | null | undefined }[]): SortSpec[] {
  return model.filter((m) => m.sort).map((m) => ({ column: m.colId, direction: m.sort as 'asc' | 'desc' }));
}

interface AgFilter {
  filterType?: string;
  type?: string;
  filter?: string | number | null;
  filterTo?: number | null;
}

export function toFilterSpecs(model: Record<string, AgFilter> | null | undefined): FilterSpec[] {
  const out: FilterSpec[] = [];
  for (const [column, f] of Object.entries(model ?? {})) {
    if (f.type === 'blank' || f.type === 'notBlank') {
      out.push({ column, kind: 'blank', op: f.type });
    } else if (f.filterType === 'number' && typeof f.filter === 'number') {
      if (f.type === 'inRange' && typeof f.filterTo === 'number')
        out.push({ column, kind: 'number', op: 'inRange', value: f.filter, to: f.filterTo });
      else if (f.type && f.type !== 'inRange') out.push({ column, kind: 'number', op: f.type as 'equals', value: f.filter });
    } else if (f.filterType === 'text' && typeof f.filter === 'string' && f.type) {
      out.push({ column, kind: 'text', op: f.type as 'contains', value: f.filter });
    }
  }
  return out;
}
