import type { HandlersOf } from '../../../shared/api/contract';
import type { segmentsContract } from '../../../shared/segments/contract';
import { DEFAULT_SEGMENT_MEMBER_LIMIT, type SegmentSourceKind } from '../../../shared/segments/segment';
import type { ServiceDeps } from '../deps';
import { segmentRestriction } from '../journeys/population-source';
import { population } from './population';
import { SegmentStore } from './segment-store';

/** Lineage when the request names no origin. */
const CREATED_FROM: Record<SegmentSourceKind, string> = { funnel_dropoff: 'funnel', sql: 'SQL', path_node: 'paths' };

export function segmentsHandlers({ store, engine, datasets }: ServiceDeps): HandlersOf<typeof segmentsContract> {
  const segments = new SegmentStore(store);
  const deps = { engine, datasets, segments };
  return {
    'segments.list': async () => segments.list(),
    'segments.save': async ({ name, description, createdFrom, source }, ctx) => {
      segments.checkName(name);
      const d = datasets.get(source.datasetId);
      // Counted now, so the list shows the size the segment had when it was saved.
      // A population the rule was counted over (a drop-off seen in one segment, cluster or filter) is part of the definition.
      const { count } = await population(engine, d, source, 1, ctx, segmentRestriction(deps, source, d));
      const lineage = { datasetFingerprint: d.fingerprint, createdFrom: createdFrom ?? CREATED_FROM[source.kind] };
      return segments.save({ name, description, source, lineage, count });
    },
    'segments.delete': async ({ id }) => segments.delete(id),
    'segments.members': async ({ id, limit }, ctx) => {
      const { source } = segments.get(id);
      const d = datasets.get(source.datasetId);
      return population(engine, d, source, limit ?? DEFAULT_SEGMENT_MEMBER_LIMIT, ctx, segmentRestriction(deps, source, d));
    },
  };
}
