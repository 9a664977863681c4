import { useState } from 'react';
import type { JourneyMap } from '../../../../shared/journeys/map';
import { DifferencesView } from './DifferencesView';
import type { EventNames } from './use-event-names';

/** Side panel entry for a bound map: opens "What converters did differently". */
export function DifferencesSection({ map, events }: { map: JourneyMap; events: EventNames }) {
  const [open, setOpen] = useState(false);
  if (!map.binding) return null;
  return (
    <section className="side-section" aria-label="Converter differences">
      <h4>What converters did differently</h4>
      <div className="muted small">Events converters did before converting, more or less often than the others (odds ratios).</div>
      <button className="small" onClick={() => setOpen(true)}>
        Compare converters…
      </button>
      {open && <DifferencesView map={map} events={events} close={() => setOpen(false)} />}
    </section>
  );
}
