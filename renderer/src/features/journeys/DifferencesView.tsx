import { useCallback, useEffect, useMemo, useState } from 'react';
import { messageOf } from '../../../../shared/api/result';
import {
  DEFAULT_DIFFERENCES_LIMIT,
  DEFAULT_DIFFERENCES_MIN_SUPPORT,
  MAX_DIFFERENCES_LIMIT,
  type DifferencesResult,
  type EventDifference,
} from '../../../../shared/journeys/differences';
import type { JourneyMap } from '../../../../shared/journeys/map';
import { describePopulation } from '../../../../shared/journeys/population';
import { Modal } from '../../components/Modal';
import { useApp } from '../../store/app-store';
import { funnelSteps } from './card-numbers';
import { fmtRatio, forestScale, type ForestScale } from './forest-scale';
import type { EventNames } from './use-event-names';
import './differences.css';

const fmt = (n: number) => n.toLocaleString('en-US');
const pct = (n: number, of: number) => (of > 0 ? `${Math.round((n / of) * 100)}%` : '—');
/** The select's value for "the last bound touchpoint's events". */
const LAST_TOUCHPOINT = '\u0000last';

/** The events of the map's last bound touchpoint (the end of its funnel) and the card's text. */
export function lastTouchpoint(map: JourneyMap): { text: string; events: string[] } | null {
  const { cardIds } = funnelSteps(map);
  const card = map.cards.find((c) => c.id === cardIds[cardIds.length - 1]);
  return card?.binding?.events.length ? { text: card.text, events: card.binding.events } : null;
}

/** What converters did differently: per event, the odds ratio of converting, top positive and negative, as a table with forest bars. */
export function DifferencesView({ map, events, close }: { map: JourneyMap; events: EventNames; close(): void }) {
  const runJob = useApp((s) => s.runJob);
  const binding = map.binding;
  // Counted over the map's population, as the cards are.
  const population = useApp((s) => s.mapPopulations[map.id]);
  const populationText = useApp((s) =>
    describePopulation(population, {
      segment: population?.kind === 'segment' ? s.segments?.find((x) => x.id === population.segmentId)?.name : undefined,
      dataset: population?.kind === 'column' ? s.datasets.find((d) => d.id === population.datasetId)?.name : undefined,
    }),
  );
  const only = useMemo(() => (population && population.kind !== 'all' ? { population } : {}), [population]);
  const last = useMemo(() => lastTouchpoint(map), [map]);
  const [conversion, setConversion] = useState(last ? LAST_TOUCHPOINT : '');
  const [minSupport, setMinSupport] = useState(String(DEFAULT_DIFFERENCES_MIN_SUPPORT));
  const [limit, setLimit] = useState(String(DEFAULT_DIFFERENCES_LIMIT));
  const [result, setResult] = useState<DifferencesResult | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const bindingKey = JSON.stringify([binding ?? null, only]);
  useEffect(() => setResult(null), [bindingKey]);

  const conversionEvents = conversion === LAST_TOUCHPOINT ? (last?.events ?? []) : conversion ? [conversion] : [];
  const invalid = useMemo(() => {
    const whole = (v: string, name: string, max: number) => {
      const n = Number(v);
      return Number.isInteger(n) && n >= 1 && n <= max ? null : `${name} must be a whole number from 1 to ${fmt(max)} (got "${v}").`;
    };
    return whole(minSupport, 'Min support', Number.MAX_SAFE_INTEGER) ?? whole(limit, 'Limit', MAX_DIFFERENCES_LIMIT);
  }, [minSupport, limit]);

  const load = useCallback(async () => {
    if (!binding || invalid || conversionEvents.length === 0) return;
    setLoading(true);
    setError(null);
    try {
      const r = await runJob(
        'journeys.differences',
        { ...binding, conversionEvents, minSupport: Number(minSupport), limit: Number(limit), ...only },
        `What converters did differently in ${map.name}`,
      );
      if (r) setResult(r);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoading(false);
    }
  }, [binding, invalid, conversionEvents, runJob, minSupport, limit, map.name, only]);

  const scale = useMemo(() => (result ? forestScale([...result.positive, ...result.negative]) : null), [result]);

  return (
    <Modal className="differences-dialog" label="What converters did differently" onClose={close}>
      <header className="paths-head">
        <h3>What converters did differently</h3>
        <label>
          Converted when the customer did
          <select aria-label="Conversion" value={conversion} onChange={(e) => setConversion(e.target.value)}>
            {!last && <option value="">— choose an event —</option>}
            {last && (
              <option value={LAST_TOUCHPOINT}>
                Last touchpoint: {last.text} ({last.events.join(', ')})
              </option>
            )}
            {events.names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          Min support
          <input type="number" min={1} value={minSupport} onChange={(e) => setMinSupport(e.target.value)} />
        </label>
        <label>
          Per side
          <input type="number" min={1} max={MAX_DIFFERENCES_LIMIT} value={limit} onChange={(e) => setLimit(e.target.value)} />
        </label>
        <button className="primary" onClick={() => void load()} disabled={!!invalid || loading || conversionEvents.length === 0}>
          {loading ? 'Running…' : result ? 'Refresh' : 'Run'}
        </button>
        <span className="spacer" />
        <button onClick={close} aria-label="Close differences">
          Close
        </button>
      </header>
      {invalid && <div className="error paths-invalid">{invalid}</div>}
      <p className="muted small" data-testid="differences-population">
        Over {populationText} (the map&apos;s population; Change ▾ under the toolbar picks another).
      </p>
      <div className="differences-body">
        {error ? (
          <div className="empty error" role="alert">
            Could not compare converters: {error}
          </div>
        ) : !result ? (
          <div className="empty">
            {loading
              ? 'Counting what converters did before converting…'
              : 'Choose what counts as converting and press Run: every other event is compared between converters (before they converted) and the rest.'}
          </div>
        ) : (
          <>
            <p className="muted small" data-testid="differences-summary">
              {fmt(result.converters)} of {fmt(result.customers)} customers converted ({result.conversionEvents.join(' or ')}) ·{' '}
              {fmt(result.compared)} events with at least {fmt(result.minSupport)} customers compared · {fmt(result.belowSupport)} below ·
              odds ratio with a prior of 1 per cell, 95% interval (Woolf)
            </p>
            {result.converters === 0 || result.converters === result.customers ? (
              <div className="empty" data-testid="differences-one-sided">
                {result.converters === 0
                  ? `No customer of ${populationText} converted (${result.conversionEvents.join(' or ')}), so there is no one to compare with: choose another conversion event, or another population under the toolbar.`
                  : `Every customer of ${populationText} converted, so there is no one to compare with: choose a later conversion event, or another population under the toolbar.`}
              </div>
            ) : (
              <>
                <Side title="More likely to convert" rows={result.positive} result={result} scale={scale!} testId="differences-positive" />
                <Side title="Less likely to convert" rows={result.negative} result={result} scale={scale!} testId="differences-negative" />
              </>
            )}
          </>
        )}
      </div>
    </Modal>
  );
}

/** An odds ratio past the scale's edge is drawn as an arrow at that edge (not a dot cut in half). */
const beyond = (ratio: number, scale: ForestScale) => (ratio > scale.max ? ' beyond-right' : ratio < 1 / scale.max ? ' beyond-left' : '');

function Side({
  title,
  rows,
  result,
  scale,
  testId,
}: {
  title: string;
  rows: EventDifference[];
  result: DifferencesResult;
  scale: ForestScale;
  testId: string;
}) {
  const others = result.customers - result.converters;
  return (
    <section aria-label={title}>
      <h4>{title}</h4>
      {rows.length === 0 ? (
        <div className="muted small">None with enough support.</div>
      ) : (
        <table className="differences-table" data-testid={testId}>
          <thead>
            <tr>
              <th>Event</th>
              <th title="Converters who did it before converting">Converters</th>
              <th title="Customers who did not convert and did it">Others</th>
              <th>Odds ratio</th>
              <th>95% CI</th>
              <th className="forest-head">
                <div>
                  <span>1/{fmtRatio(scale.max)}</span>
                  <span>1</span>
                  <span>{fmtRatio(scale.max)}</span>
                </div>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.event}>
                <td className="diff-event">{r.event}</td>
                <td className="num" title={`${fmt(r.a)} of ${fmt(result.converters)}`}>
                  {pct(r.a, result.converters)}
                </td>
                <td className="num" title={`${fmt(r.c)} of ${fmt(others)}`}>
                  {pct(r.c, others)}
                </td>
                <td className="num">{fmtRatio(r.oddsRatio)}</td>
                <td className="num">
                  {fmtRatio(r.ciLow)}–{fmtRatio(r.ciHigh)}
                </td>
                <td className="forest" aria-hidden>
                  <div className="forest-axis" />
                  <div
                    className={`forest-ci ${r.oddsRatio > 1 ? 'up' : 'down'}`}
                    style={{ left: `${scale.x(r.ciLow) * 100}%`, width: `${(scale.x(r.ciHigh) - scale.x(r.ciLow)) * 100}%` }}
                  />
                  <div
                    className={`forest-dot ${r.oddsRatio > 1 ? 'up' : 'down'}${beyond(r.oddsRatio, scale)}`}
                    style={{ left: `${scale.x(r.oddsRatio) * 100}%` }}
                    title={beyond(r.oddsRatio, scale) ? `${fmtRatio(r.oddsRatio)}: beyond the scale's ${fmtRatio(scale.max)}` : undefined}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
