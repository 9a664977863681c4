/** What the dataset pages show while no dataset is selected. */
export function Welcome({
  hasData,
  sampleDir,
  onOpen,
  onSample,
}: {
  hasData: boolean;
  sampleDir: string | null;
  onOpen: () => void;
  onSample: (p: string) => void;
}) {
  return (
    <div className="welcome">
      <h1>{hasData ? 'Pick a dataset on the left' : 'Load some data to begin'}</h1>
      <p>
        Open a CSV, Parquet, JSON/NDJSON or Excel file, or a folder of partitioned warehouse exports. Large files are queried in place;
        nothing leaves this machine.
      </p>
      <div className="actions">
        <button className="primary" onClick={onOpen}>
          Open file or folder… <kbd>Ctrl+O</kbd>
        </button>
        {sampleDir && (
          <button
            onClick={() => onSample(`${sampleDir}/events.parquet`)}
            title="A generated e-commerce company: customers, orders, web events, experiments"
          >
            Open sample events
          </button>
        )}
      </div>
    </div>
  );
}
