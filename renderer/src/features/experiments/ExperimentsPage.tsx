import { useApp } from '../../store/app-store';
import { ContinuousCalculator } from './ContinuousCalculator';
import { ExperimentBar, NotesField } from './ExperimentBar';
import { ConversionCalculator } from './ConversionCalculator';
import { FromDataPanel } from './FromDataPanel';
import type { Calculator } from './experiments-slice';
import { PowerCalculator } from './PowerCalculator';
import { SrmCalculator } from './SrmCalculator';

const TABS: { id: Calculator; label: string }[] = [
  { id: 'data', label: 'From data' },
  { id: 'conversion', label: 'Conversion' },
  { id: 'continuous', label: 'Revenue / continuous' },
  { id: 'power', label: 'Sample size' },
  { id: 'srm', label: 'Sample ratio' },
];

/** Significance calculators; results update as the analyst types. */
export function ExperimentsPage() {
  const calculator = useApp((s) => s.calculator);
  const setCalculator = useApp((s) => s.setCalculator);
  return (
    <div className="experiments">
      <ExperimentBar />
      <div className="segmented" role="tablist" aria-label="Calculator">
        {TABS.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={calculator === t.id}
            className={calculator === t.id ? 'active' : ''}
            onClick={() => setCalculator(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {calculator === 'data' && <FromDataPanel />}
      {calculator === 'conversion' && <ConversionCalculator />}
      {calculator === 'continuous' && <ContinuousCalculator />}
      {calculator === 'power' && <PowerCalculator />}
      {calculator === 'srm' && <SrmCalculator />}
      <NotesField />
    </div>
  );
}
