import { useEffect, useState } from 'react';
import type { ColumnProfile, Dataset } from '../../../../shared/types';
import { messageOf } from '../../../../shared/api/result';
import { useApp } from '../../store/app-store';
import { formatNumber, isYearLike, timeLabel } from './format';

/** One card per column: type, nulls, distinct, range, and a histogram or top values (computed by DuckDB). */
export function ProfilePanel({ dataset }: { dataset: Dataset }) {
  const runJob = useApp((s) => s.runJob);
  const [profiles, setProfiles] = useState<ColumnProfile[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setProfiles(null);
    setError(null);
    // A job: its progress and Cancel show in the jobs bar; a cancelled profile says so here.
    runJob('explore.profile', { datasetId: dataset.id }, `Profiling ${dataset.name}`).then(
      (p) => live && (p ? setProfiles(p) : setError('the profile was cancelled.')),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [dataset, runJob]);

  if (error)
    return (
      <div className="empty error">
        Could not profile {dataset.name}: {error}
      </div>
    );
  if (!profiles) return <div className="empty">Profiling {dataset.rowCount.toLocaleString()} rows…</div>;
  return (
    <div className="profiles" data-testid="profiles">
      {profiles.map((p) => {
        const yearLike = isYearLike(p.name, p.type);
        return (
          <section key={p.name} className="profile-card" data-column={p.name}>
            <header>
              <strong title={p.name}>{p.name}</strong>
              <span className="type" title={p.type}>
                {p.type}
              </span>
            </header>
            <dl>
              <dt>nulls</dt>
              <dd>
                {p.nulls.toLocaleString()} <span className="muted">({p.count ? ((100 * p.nulls) / p.count).toFixed(1) : '0'}%)</span>
              </dd>
              <dt>distinct</dt>
              <dd title={p.distinctApprox ? 'approximate (a sketch; large dataset)' : 'exact'}>
                {p.distinctApprox ? '≈' : ''}
                {p.distinct.toLocaleString()}
              </dd>
              <dt>min</dt>
              <dd title={p.min ?? ''}>{p.min ?? '—'}</dd>
              <dt>max</dt>
              <dd title={p.max ?? ''}>{p.max ?? '—'}</dd>
              {p.mean !== null && (
                <>
                  <dt>mean</dt>
                  <dd>{formatNumber(p.mean, { yearLike })}</dd>
                </>
              )}
            </dl>
            {p.histogram && (
              <Histogram edges={p.histogram.edges} counts={p.histogram.counts} label={(n) => formatNumber(n, { yearLike })} />
            )}
            {p.timeHistogram && (
              <Histogram
                edges={p.timeHistogram.edges}
                counts={p.timeHistogram.counts}
                label={timeLabel(p.timeHistogram.edges, p.type)}
                ariaLabel="histogram over time"
              />
            )}
            {p.topValues && <TopValues values={p.topValues} total={p.count - p.nulls} />}
          </section>
        );
      })}
    </div>
  );
}

function Histogram({
  edges,
  counts,
  label,
  ariaLabel = 'histogram',
}: {
  edges: number[];
  counts: number[];
  label: (edge: number) => string;
  ariaLabel?: string;
}) {
  const max = Math.max(1, ...counts);
  const w = 220;
  const h = 56;
  const bw = w / counts.length;
  return (
    <svg className="histogram" width={w} height={h + 14} role="img" aria-label={ariaLabel}>
      {counts.map((c, i) => (
        <rect key={i} x={i * bw + 0.5} y={h - (h * c) / max} width={Math.max(1, bw - 1)} height={(h * c) / max} className="bar">
          <title>{`${label(edges[i]!)} – ${label(edges[i + 1]!)}: ${c.toLocaleString()}`}</title>
        </rect>
      ))}
      <text x={0} y={h + 12} className="axis">
        {label(edges[0]!)}
      </text>
      <text x={w} y={h + 12} className="axis" textAnchor="end">
        {label(edges[edges.length - 1]!)}
      </text>
    </svg>
  );
}

function TopValues({ values, total }: { values: { value: string; count: number }[]; total: number }) {
  return (
    <ul className="top-values">
      {values.slice(0, 6).map((v) => (
        <li key={v.value} title={`${v.value}: ${v.count.toLocaleString()}`}>
          <span className="fill" style={{ width: `${total ? (100 * v.count) / total : 0}%` }} />
          <span className="label">{v.value === '' ? '(empty)' : v.value}</span>
          <span className="count">{v.count.toLocaleString()}</span>
        </li>
      ))}
    </ul>
  );
}
