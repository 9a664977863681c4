import type { HandlersOf } from '../../../shared/api/contract';
import type { exploreContract } from '../../../shared/explore/contract';
import type { ServiceDeps } from '../deps';

export function exploreHandlers({ datasets, explore, queries }: ServiceDeps): HandlersOf<typeof exploreContract> {
  return {
    'explore.page': async ({ datasetId, ...rest }) => explore.page({ dataset: datasets.get(datasetId), ...rest }),
    'explore.profile': async ({ datasetId }, ctx) => explore.profile(datasets.get(datasetId), ctx),
    'query.run': async ({ sql, limit, runId }) => queries.run(sql, limit, runId),
    'query.open': async ({ sql, pageRows }) => ({ cursorId: queries.openCursor(sql, pageRows) }),
    'query.next': async ({ cursorId }) => ({ page: await queries.nextPage(cursorId) }),
    'query.close': async ({ cursorId }) => ({ closed: await queries.closeCursor(cursorId) }),
    'query.cancel': async ({ runId }) => ({ cancelled: await queries.cancel(runId) }),
    'query.history': async () => queries.saved.history(),
    'query.saved': async () => queries.saved.savedQueries(),
    'query.save': async ({ name, sql }) => queries.saved.saveQuery(name, sql),
    'query.deleteSaved': async ({ id }) => ({ removed: queries.saved.deleteSavedQuery(id) }),
    'export.result': async ({ sql, format, path }) => queries.export(sql, format, path),
  };
}
