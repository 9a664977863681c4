import type { Correction } from '../../../../shared/stats/multiple';
import type { SavedExperiment } from '../../../../shared/types';
import { messageOf } from '../../../../shared/api/result';
import { fileNameOf } from '../../store/export-path';
import type { SliceCreator } from '../feature';

export type Calculator = 'data' | 'conversion' | 'continuous' | 'power' | 'srm';
export type ReportFormat = 'markdown' | 'html' | 'csv';
export const REPORT_FORMATS: Record<ReportFormat, { label: string; ext: string }> = {
  markdown: { label: 'Markdown', ext: 'md' },
  html: { label: 'HTML', ext: 'html' },
  csv: { label: 'CSV', ext: 'csv' },
};

/** What the analyst typed, per calculator, kept while they switch pages. */
export interface ExperimentsSlice {
  calculator: Calculator;
  inputs: Record<Calculator, Record<string, string>>;
  /** "From data": the chosen dataset and columns (empty string = none). */
  fromData: FromDataChoice;
  setFromData(patch: Partial<FromDataChoice>): void;
  /** The result on screen, published by the open calculator so it can be saved. */
  currentResult: Record<string, unknown> | null;
  setCurrentResult(r: Record<string, unknown> | null): void;
  savedExperiments: SavedExperiment[];
  /** The saved experiment being edited, if any; Save updates it. */
  savedId: string | null;
  savedName: string;
  notes: string;
  setNotes(notes: string): void;
  refreshExperiments(): Promise<void>;
  saveExperiment(name: string): Promise<void>;
  openExperiment(id: string): void;
  duplicateExperiment(): Promise<void>;
  deleteExperiment(): Promise<void>;
  newExperiment(): void;
  /** Asks where, then writes the saved experiment's report; says where it went. */
  exportExperiment(format: ReportFormat): Promise<void>;
  setCalculator(c: Calculator): void;
  setInput(c: Calculator, field: string, value: string): void;
}

export interface FromDataChoice {
  datasetId: string;
  unitColumn: string;
  variantColumn: string;
  metricColumn: string;
  metricKind: 'binary' | 'continuous';
  covariateColumn: string;
  breakdownColumn: string;
  timeColumn: string;
  winsorize: string;
  correction: Correction;
}

export const EMPTY_CHOICE: FromDataChoice = {
  datasetId: '',
  unitColumn: '',
  variantColumn: '',
  metricColumn: '',
  metricKind: 'binary',
  covariateColumn: '',
  breakdownColumn: '',
  timeColumn: '',
  winsorize: '',
  correction: 'holm',
};

export const DEFAULT_INPUTS: Record<Calculator, Record<string, string>> = {
  data: {},
  conversion: {
    'control.users': '10000',
    'control.conversions': '1000',
    'treatment.users': '10000',
    'treatment.conversions': '1100',
    alpha: '0.05',
  },
  continuous: {
    'control.n': '1200',
    'control.mean': '52.3',
    'control.sd': '18.1',
    'treatment.n': '1180',
    'treatment.mean': '54.1',
    'treatment.sd': '19.4',
    alpha: '0.05',
  },
  power: {
    solve: 'n',
    metric: 'conversion',
    baseline: '0.2',
    relative_mde: '0.1',
    sd: '18',
    mde: '1.5',
    n: '5000',
    alpha: '0.05',
    power: '0.8',
    variants: '2',
    ratio: '1',
  },
  srm: { observed: '50210, 49790', expected_weights: '0.5, 0.5' },
};

export const createExperimentsSlice: SliceCreator<ExperimentsSlice> = (set, get, _api, { call }) => ({
  calculator: 'data',
  inputs: DEFAULT_INPUTS,
  fromData: EMPTY_CHOICE,
  setFromData(patch) {
    set({ fromData: { ...get().fromData, ...patch } });
  },
  currentResult: null,
  setCurrentResult(currentResult) {
    set({ currentResult });
  },
  savedExperiments: [],
  savedId: null,
  savedName: '',
  notes: '',
  setNotes(notes) {
    set({ notes });
  },
  async refreshExperiments() {
    set({ savedExperiments: await call('experiments.list', {}) });
  },
  async saveExperiment(name) {
    const s = get();
    const dataset = s.datasets.find((d) => d.id === s.fromData.datasetId);
    const inputs =
      s.calculator === 'data'
        ? { ...s.fromData, datasetName: dataset?.name ?? '', datasetSource: dataset?.sourcePath ?? '' }
        : { ...s.inputs[s.calculator] };
    const saved = await call('experiments.save', {
      id: s.savedId ?? undefined,
      name,
      kind: s.calculator,
      inputs,
      results: s.currentResult ?? {},
      notes: s.notes,
    });
    set({ savedId: saved.id, savedName: saved.name });
    await get().refreshExperiments();
    get().notify('info', `Saved experiment "${saved.name}".`);
  },
  openExperiment(id) {
    const e = get().savedExperiments.find((x) => x.id === id);
    if (!e) return;
    if (e.kind === 'data') {
      const {
        datasetName: _n,
        datasetSource: _s,
        ...choice
      } = e.inputs as Partial<FromDataChoice> & { datasetName?: string; datasetSource?: string };
      set({ fromData: { ...EMPTY_CHOICE, ...choice } });
    } else set({ inputs: { ...get().inputs, [e.kind]: e.inputs as Record<string, string> } });
    set({ calculator: e.kind, savedId: e.id, savedName: e.name, notes: e.notes });
  },
  async duplicateExperiment() {
    const id = get().savedId;
    if (!id) return;
    const copy = await call('experiments.duplicate', { id });
    await get().refreshExperiments();
    set({ savedId: copy.id, savedName: copy.name });
    get().notify('info', `Now editing "${copy.name}".`);
  },
  async deleteExperiment() {
    const id = get().savedId;
    if (!id) return;
    await call('experiments.delete', { id });
    set({ savedId: null, savedName: '', notes: '' });
    await get().refreshExperiments();
  },
  async exportExperiment(format) {
    const { savedId, savedName, chooseExportPath, notify } = get();
    if (!savedId) return;
    const { label, ext } = REPORT_FORMATS[format];
    const path = await chooseExportPath(fileNameOf(savedName || 'experiment', ext), ext, `Export the report as ${label}`);
    if (!path) return;
    try {
      const r = await call('experiments.export', { id: savedId, format, path });
      notify('info', `Report written to ${r.path}`, r.path);
    } catch (e) {
      notify('error', messageOf(e));
    }
  },
  newExperiment() {
    set({ savedId: null, savedName: '', notes: '' });
  },
  setCalculator(calculator) {
    set({ calculator });
  },
  setInput(c, field, value) {
    const inputs = get().inputs;
    set({ inputs: { ...inputs, [c]: { ...inputs[c], [field]: value } } });
  },
});
