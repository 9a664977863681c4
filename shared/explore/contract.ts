/** Explore: grid pages, column profiles, SQL with history and saved queries, exports. */
import { z } from 'zod';
import type { ColumnPage, ColumnProfile, HistoryEntry, QueryResult, SavedQuery } from '../types';
import { columnName, empty, id, path, returns } from '../api/schemas';

const filterSpec = z.discriminatedUnion('kind', [
  z.object({
    column: columnName,
    kind: z.literal('text'),
    op: z.enum(['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith']),
    value: z.string().max(10_000),
  }),
  z.object({
    column: columnName,
    kind: z.literal('number'),
    op: z.enum(['equals', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual', 'inRange']),
    value: z.number().finite(),
    to: z.number().finite().optional(),
  }),
  z.object({ column: columnName, kind: z.literal('blank'), op: z.enum(['blank', 'notBlank']) }),
]);

const sortSpec = z.object({ column: columnName, direction: z.enum(['asc', 'desc']) });

export const exploreContract = {
  'explore.page': {
    request: z
      .object({
        datasetId: id,
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(5000),
        sort: z.array(sortSpec).max(16).optional(),
        filters: z.array(filterSpec).max(64).optional(),
      })
      .strict(),
    response: returns<{ page: ColumnPage; total: number }>(),
  },
  'explore.profile': {
    job: true,
    request: z.object({ datasetId: id }).strict(),
    response: returns<ColumnProfile[]>(),
  },
  'query.run': {
    request: z
      .object({ sql: z.string().min(1).max(1_000_000), limit: z.number().int().min(1).max(100_000).optional(), runId: id.optional() })
      .strict(),
    response: returns<QueryResult>(),
  },
  /** A whole result, page by page (for writers that take every row): open a cursor, read pages until `page` is null. */
  'query.open': {
    request: z.object({ sql: z.string().min(1).max(1_000_000), pageRows: z.number().int().min(1).max(100_000).optional() }).strict(),
    response: returns<{ cursorId: string }>(),
  },
  'query.next': { request: z.object({ cursorId: id }).strict(), response: returns<{ page: ColumnPage | null }>() },
  'query.close': { request: z.object({ cursorId: id }).strict(), response: returns<{ closed: boolean }>() },
  'query.cancel': { request: z.object({ runId: id }).strict(), response: returns<{ cancelled: boolean }>() },
  'query.history': { request: empty, response: returns<HistoryEntry[]>() },
  'query.saved': { request: empty, response: returns<SavedQuery[]>() },
  'query.save': {
    request: z.object({ name: z.string().min(1).max(200), sql: z.string().min(1).max(1_000_000) }).strict(),
    response: returns<SavedQuery>(),
  },
  'query.deleteSaved': { request: z.object({ id: z.number().int() }).strict(), response: returns<{ removed: boolean }>() },
  'export.result': {
    job: true,
    request: z.object({ sql: z.string().min(1).max(1_000_000), format: z.enum(['csv', 'parquet']), path: path.optional() }).strict(),
    response: returns<{ path: string; rows: number }>(),
  },
} as const;
