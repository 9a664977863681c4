import { useApp } from '../store/app-store';

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The first-launch welcome: what the app is, what is already loaded, and where to start. It sits above the
 * first page (covering nothing) until closed; closing it, or taking one of its ways in, is remembered by the workspace.
 */
export function FirstRun({ sampleDir, close, showPalette }: { sampleDir: string | null; close(): void; showPalette(): void }) {
  const datasets = useApp((s) => s.datasets);
  const setView = useApp((s) => s.setView);
  const setCalculator = useApp((s) => s.setCalculator);
  const showOpen = useApp((s) => s.showOpenDialog);
  const samples = sampleDir ? datasets.filter((d) => d.sourcePath.startsWith(sampleDir)) : [];
  const go = (then: () => void) => () => {
    close();
    then();
  };

  return (
    <section className="first-run" aria-label="Welcome" data-testid="welcome">
      <div className="first-run-text">
        <h2>Welcome to Analyst Workbench</h2>
        <p>
          Explore event data, map customer journeys against it, check experiments and train models — all on this computer: files are queried
          in place with DuckDB and nothing is uploaded.
        </p>
        {samples.length > 0 ? (
          <p>
            <strong>Loaded for you:</strong> the sample data of a made-up online shop —{' '}
            {samples.map((d, i) => (
              <span key={d.id}>
                {i > 0 && ', '}
                <code>{d.name}</code> ({fmt(d.rowCount)} rows)
              </span>
            ))}
            . Pick one on the left to see it in the grid.
          </p>
        ) : (
          <p>Nothing is loaded yet: open a CSV, Parquet, JSON or Excel file, or a folder of exports.</p>
        )}
      </div>
      <div className="first-run-actions">
        <span className="muted">Try first:</span>
        <button onClick={go(() => setView('journeys'))} title="Start from a template and bind its steps to the events">
          Map a purchase funnel
        </button>
        <button
          onClick={go(() => {
            setCalculator('data');
            setView('experiments');
          })}
          title="Pick the assignments dataset and a metric: effect, interval and the checks (SRM, peeking)"
        >
          Check an experiment
        </button>
        <button onClick={go(() => setView('models'))} title="The model registry, and how to train one">
          Train a model
        </button>
        <button onClick={go(() => setView('sql'))}>Query with SQL</button>
        {samples.length === 0 && (
          <button onClick={go(() => showOpen(true))}>
            Open a file… <kbd>Ctrl+O</kbd>
          </button>
        )}
        <span className="spacer" />
        <button className="link" onClick={go(showPalette)} title="Every action and dataset">
          All commands <kbd>Ctrl+K</kbd>
        </button>
        <button className="primary" onClick={close}>
          Got it
        </button>
      </div>
    </section>
  );
}
