import { useEffect } from 'react';
import { messageOf } from '../../../../shared/api/result';
import { useApp } from '../../store/app-store';
import { REPORT_FORMATS } from './experiments-slice';

/** Save, reopen, duplicate, delete and export experiments. */
export function ExperimentBar() {
  const saved = useApp((s) => s.savedExperiments);
  const savedId = useApp((s) => s.savedId);
  const savedName = useApp((s) => s.savedName);
  const calculator = useApp((s) => s.calculator);
  const hasResult = useApp((s) => s.currentResult !== null);
  const refresh = useApp((s) => s.refreshExperiments);
  const save = useApp((s) => s.saveExperiment);
  const open = useApp((s) => s.openExperiment);
  const duplicate = useApp((s) => s.duplicateExperiment);
  const remove = useApp((s) => s.deleteExperiment);
  const fresh = useApp((s) => s.newExperiment);
  const notify = useApp((s) => s.notify);
  const exportAs = useApp((s) => s.exportExperiment);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const onSave = () => {
    const name =
      savedName ||
      window.prompt(
        'Name this experiment',
        `${calculator === 'data' ? 'Experiment' : calculator} ${new Date().toISOString().slice(0, 10)}`,
      );
    if (name?.trim()) void save(name.trim()).catch((e: unknown) => notify('error', messageOf(e)));
  };
  return (
    <div className="experiment-bar">
      <select aria-label="Saved experiments" value={savedId ?? ''} onChange={(e) => (e.target.value ? open(e.target.value) : fresh())}>
        <option value="">{saved.length ? 'New experiment' : 'No saved experiments yet'}</option>
        {saved.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name} · {x.kind}
          </option>
        ))}
      </select>
      <button className="primary" onClick={onSave} disabled={!hasResult} title={savedId ? 'Save changes' : 'Save this experiment'}>
        {savedId ? 'Save' : 'Save…'}
      </button>
      <button onClick={() => void duplicate()} disabled={!savedId}>
        Duplicate
      </button>
      <button onClick={() => window.confirm(`Delete "${savedName}"?`) && void remove()} disabled={!savedId}>
        Delete
      </button>
      <span className="spacer" />
      <span className="muted">Export</span>
      {(['markdown', 'html', 'csv'] as const).map((f) => (
        <button
          key={f}
          onClick={() => void exportAs(f)}
          disabled={!savedId}
          title={savedId ? `Write a ${REPORT_FORMATS[f].label} report to a file you choose` : 'Save the experiment first'}
        >
          {REPORT_FORMATS[f].label}…
        </button>
      ))}
    </div>
  );
}

export function NotesField() {
  const notes = useApp((s) => s.notes);
  const setNotes = useApp((s) => s.setNotes);
  return (
    <label className="notes">
      <span className="field-label">Notes (saved with the experiment)</span>
      <textarea
        aria-label="Notes"
        value={notes}
        rows={3}
        onChange={(e) => setNotes(e.target.value)}
        placeholder="What was tested, who decided what, and why"
      />
    </label>
  );
}
