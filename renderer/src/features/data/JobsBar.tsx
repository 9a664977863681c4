import { useApp } from '../../store/app-store';

/** Long loads show progress and a cancel button. */
export function JobsBar() {
  const jobs = useApp((s) => s.jobs);
  const cancel = useApp((s) => s.cancelJob);
  if (!jobs.length) return null;
  return (
    <div className="jobs" role="status">
      {jobs.map((j) => (
        <div key={j.id} className={`job ${j.state}`}>
          <span>{j.message}</span>
          {j.state === 'running' && (
            <>
              <progress max={1} value={j.progress ?? undefined} />
              <button className="small" onClick={() => void cancel(j.id)}>
                Cancel
              </button>
            </>
          )}
        </div>
      ))}
    </div>
  );
}
