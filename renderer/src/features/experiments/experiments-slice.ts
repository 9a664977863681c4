import type { StateCreator } from 'zustand';
import type { AppState } from '../../store/app-store';

export type Calculator = 'data' | 'conversion' | 'continuous' | 'power' | 'srm';

/** What the analyst typed, per calculator, kept while they switch pages. */
export interface ExperimentsSlice {
  calculator: Calculator;
  inputs: Record<Calculator, Record<string, string>>;
  /** "From data": the chosen dataset and columns (empty string = none). */
  fromData: FromDataChoice;
  setFromData(patch: Partial<FromDataChoice>): void;
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
  winsorize: string;
  correction: 'none' | 'bonferroni' | 'holm' | 'bh';
}

export const EMPTY_CHOICE: FromDataChoice = {
  datasetId: '',
  unitColumn: '',
  variantColumn: '',
  metricColumn: '',
  metricKind: 'binary',
  covariateColumn: '',
  breakdownColumn: '',
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
  power: { baseline: '0.2', relative_mde: '0.1', alpha: '0.05', power: '0.8', variants: '2', ratio: '1' },
  srm: { observed: '50210, 49790', expected_weights: '0.5, 0.5' },
};

export const createExperimentsSlice: StateCreator<AppState, [], [], ExperimentsSlice> = (set, get) => ({
  calculator: 'data',
  inputs: DEFAULT_INPUTS,
  fromData: EMPTY_CHOICE,
  setFromData(patch) {
    set({ fromData: { ...get().fromData, ...patch } });
  },
  setCalculator(calculator) {
    set({ calculator });
  },
  setInput(c, field, value) {
    const inputs = get().inputs;
    set({ inputs: { ...inputs, [c]: { ...inputs[c], [field]: value } } });
  },
});
