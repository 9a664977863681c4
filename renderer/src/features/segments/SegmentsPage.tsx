import { useEffect } from 'react';
import { describeSource, sourcePopulation, type SegmentSource } from '../../../../shared/segments/segment';
import { useApp } from '../../store/app-store';

/** Saved segments: each with its definition in words, its size when saved, and delete. */
export function SegmentsPage() {
  const segments = useApp((s) => s.segments);
  const error = useApp((s) => s.segmentsError);
  const datasets = useApp((s) => s.datasets);
  const refresh = useApp((s) => s.refreshSegments);
  const remove = useApp((s) => s.deleteSegment);
  useEffect(() => void refresh(), [refresh]);

  if (error && !segments) return <div className="empty error">Could not read the segments: {error}</div>;
  if (!segments) return <div className="empty">Reading the segments…</div>;
  if (!segments.length)
    return (
      <div className="empty segments-empty">
        <h2>No segments yet</h2>
        <p>
          A segment is a population saved with the rule that finds it again. To make one, open a journey map bound to an event table
          (Journeys, Ctrl+6), show its numbers, select a touchpoint card after the first and choose{' '}
          <strong>Save drop-off as segment…</strong>: the customers who reached the step before it but not it.
        </p>
      </div>
    );
  const datasetName = (id: string) => datasets.find((d) => d.id === id)?.name ?? 'a dataset no longer open';
  // The names of the segment or dataset a segment's population refers to.
  const populationNames = (source: SegmentSource) => {
    const p = sourcePopulation(source);
    if (p?.kind === 'segment') return { segment: segments.find((x) => x.id === p.segmentId)?.name ?? 'a deleted segment' };
    if (p?.kind === 'column') return { dataset: datasetName(p.datasetId) };
    return {};
  };
  return (
    <div className="segments-page">
      <header className="segments-head">
        <h2>Segments</h2>
        <span className="muted">{segments.length.toLocaleString('en-US')} in this workspace</span>
        {error && <span className="error">{error}</span>}
        <span className="spacer" />
        <button onClick={() => void refresh()}>Refresh</button>
      </header>
      <table className="segments-table" data-testid="segments-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Definition</th>
            <th className="num">Customers</th>
            <th>Created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {segments.map((s) => (
            <tr key={s.id}>
              <td>
                <strong>{s.name}</strong>
                {s.description && <div className="muted">{s.description}</div>}
              </td>
              <td>{describeSource(s.source, datasetName(s.source.datasetId), s.lineage.createdFrom, populationNames(s.source))}</td>
              <td className="num" title="When it was saved">
                {s.count.toLocaleString('en-US')}
              </td>
              <td title={s.createdAt}>{new Date(s.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</td>
              <td>
                <button
                  aria-label={`Delete segment ${s.name}`}
                  onClick={() => window.confirm(`Delete the segment "${s.name}"?`) && void remove(s.id)}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
