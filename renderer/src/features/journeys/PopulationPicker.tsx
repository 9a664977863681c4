import { useEffect, useId, useRef, useState } from 'react';
import './population.css';
import { FUNNEL_FILTER_OPS, type FunnelFilterOp } from '../../../../shared/journeys/funnel';
import type { MapBinding } from '../../../../shared/journeys/map';
import { POPULATION_KINDS, type Population, type PopulationKind } from '../../../../shared/journeys/population';
import { useApp } from '../../store/app-store';
import { draftOf, POPULATION_KIND_LABELS, populationOfDraft, type PopulationDraft } from './population-draft';
import { useDistinctValues } from './use-distinct-values';

export interface PopulationPickerProps {
  binding: MapBinding | undefined;
  value: Population | undefined;
  onApply(population: Population): void;
}

/** The toolbar's population menu: all customers, a saved segment, column = value of a loaded dataset, or an event property filter. */
export function PopulationPicker({ binding, value, onApply }: PopulationPickerProps) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const [draft, setDraft] = useState<PopulationDraft>(() => draftOf(value));
  const datasets = useApp((s) => s.datasets);
  const segments = useApp((s) => s.segments);
  const refreshSegments = useApp((s) => s.refreshSegments);
  const listId = useId();

  useEffect(() => {
    if (open) {
      setDraft(draftOf(value));
      void refreshSegments();
    }
  }, [open, value, refreshSegments]);

  const events = datasets.find((d) => d.id === binding?.datasetId);
  const other = datasets.find((d) => d.id === draft.datasetId);
  const table = draft.kind === 'column' ? other : draft.kind === 'filter' ? events : undefined;
  const columnType = table?.columns.find((c) => c.name === draft.column)?.type;
  const values = useDistinctValues(table?.relation, draft.column || undefined);
  const made = populationOfDraft(draft, columnType);
  const patch = (p: Partial<PopulationDraft>) => setDraft((d) => ({ ...d, ...p }));

  const pickDataset = (id: string) => {
    const d = datasets.find((x) => x.id === id);
    const names = d?.columns.map((c) => c.name) ?? [];
    const idColumn = names.find((n) => n === binding?.customerColumn) ?? names.find((n) => /(^|_)id$/i.test(n)) ?? names[0] ?? '';
    patch({ datasetId: id, idColumn, column: '', value: '' });
  };

  return (
    <div className="population-menu">
      <button
        ref={toggle}
        onClick={() => setOpen((v) => !v)}
        aria-expanded={open}
        aria-label="Change population"
        disabled={!binding}
        title="Count the map's numbers over all customers, a saved segment, a column of a dataset or an event property"
      >
        Change ▾
      </button>
      {open && (
        <div
          className="population-form"
          role="dialog"
          aria-label="Population"
          // Escape closes the form and gives the focus back to Change ▾; no key reaches the board behind.
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === 'Escape') {
              setOpen(false);
              toggle.current?.focus();
            }
          }}
        >
          <label>
            <span>Count over</span>
            <select aria-label="Population kind" value={draft.kind} onChange={(e) => patch({ kind: e.target.value as PopulationKind })}>
              {POPULATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {POPULATION_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          {draft.kind === 'segment' && (
            <label>
              <span>Segment</span>
              <select aria-label="Segment" value={draft.segmentId} onChange={(e) => patch({ segmentId: e.target.value })}>
                <option value="">{segments?.length ? 'choose…' : 'no saved segments'}</option>
                {(segments ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.count.toLocaleString('en-US')})
                  </option>
                ))}
              </select>
            </label>
          )}
          {draft.kind === 'column' && (
            <>
              <label>
                <span>Dataset</span>
                <select aria-label="Dataset" value={draft.datasetId} onChange={(e) => pickDataset(e.target.value)}>
                  <option value="">choose…</option>
                  {datasets.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span>Customer id</span>
                <select aria-label="Customer id column" value={draft.idColumn} onChange={(e) => patch({ idColumn: e.target.value })}>
                  {(other?.columns ?? []).map((c) => (
                    <option key={c.name} value={c.name}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
            </>
          )}
          {(draft.kind === 'column' || draft.kind === 'filter') && (
            <div className="population-condition">
              <select
                aria-label={draft.kind === 'filter' ? 'Property' : 'Column'}
                value={draft.column}
                onChange={(e) => patch({ column: e.target.value, value: '' })}
              >
                <option value="">{draft.kind === 'filter' ? 'property…' : 'column…'}</option>
                {(table?.columns ?? []).map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </select>
              {draft.kind === 'filter' ? (
                <select aria-label="Comparison" value={draft.op} onChange={(e) => patch({ op: e.target.value as FunnelFilterOp })}>
                  {FUNNEL_FILTER_OPS.map((op) => (
                    <option key={op} value={op}>
                      {op}
                    </option>
                  ))}
                </select>
              ) : (
                <span>=</span>
              )}
              <input aria-label="Value" list={listId} value={draft.value} onChange={(e) => patch({ value: e.target.value })} />
              <datalist id={listId}>
                {values.map((v) => (
                  <option key={v} value={v} />
                ))}
              </datalist>
            </div>
          )}
          {draft.kind === 'filter' && <div className="muted small">Customers with at least one event where this holds.</div>}
          {'error' in made && <div className="muted small">{made.error}</div>}
          <div className="jm-actions">
            <button onClick={() => setOpen(false)}>Cancel</button>
            <button
              className="primary"
              disabled={'error' in made}
              onClick={() => {
                if ('population' in made) onApply(made.population);
                setOpen(false);
              }}
            >
              Apply population
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
