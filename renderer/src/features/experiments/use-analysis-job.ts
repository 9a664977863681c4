import { useEffect, useRef, useState } from 'react';
import type { RequestOf } from '../../../../shared/api/contract';
import { ErrorCode, type ApiError } from '../../../../shared/api/result';
import type { ExperimentAnalysis } from '../../../../shared/experiment-types';
import type { JobStatus } from '../../../../shared/types';
import { ApiCallError } from '../../api/client';
import { useCall } from '../../store/app-store';

/** How often a running analysis is polled, and how long the choices must rest before one starts. */
const POLL_MS = 150;
const SETTLE_MS = 250;

export interface AnalysisRun {
  analysis: ExperimentAnalysis | null;
  error: ApiError | null;
  /** The running job (progress and message), null when idle. */
  job: JobStatus | null;
  cancel(): void;
}

/**
 * Runs "From data" as a job whenever the request changes: the old result is cleared at once, progress is polled,
 * a newer request or an unmount cancels the older job, and the result or the error (with its field) comes back.
 */
export function useAnalysisJob(request: RequestOf<'experiments.analyze'> | null): AnalysisRun {
  const call = useCall();
  const [analysis, setAnalysis] = useState<ExperimentAnalysis | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [job, setJob] = useState<JobStatus | null>(null);
  const current = useRef<string | null>(null);
  const key = JSON.stringify(request);

  useEffect(() => {
    if (!request) return;
    let live = true;
    let jobId: string | null = null;
    const t = setTimeout(() => {
      setAnalysis(null);
      setError(null);
      void (async () => {
        try {
          const started = (await call('jobs.start', { method: 'experiments.analyze', request })).jobId;
          if (!live) return void call('jobs.cancel', { id: started }).catch(() => undefined);
          jobId = current.current = started;
          for (;;) {
            const status = await call('jobs.status', { id: jobId });
            if (!live) return;
            setJob(status);
            if (status.state === 'done') return void setAnalysis(status.result as ExperimentAnalysis);
            if (status.state === 'cancelled') throw new ApiCallError({ code: ErrorCode.Cancelled, message: status.message });
            if (status.state === 'failed') throw new ApiCallError(status.error ?? { code: ErrorCode.Internal, message: status.message });
            await new Promise((r) => setTimeout(r, POLL_MS));
          }
        } catch (e) {
          if (!live) return;
          const err = e instanceof ApiCallError ? e.error : { code: ErrorCode.Internal, message: String(e) };
          setError(err.code === ErrorCode.Cancelled ? { ...err, message: 'Cancelled. Change a choice to run it again.' } : err);
        } finally {
          if (live) setJob(null);
        }
      })();
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(t);
      if (jobId) void call('jobs.cancel', { id: jobId }).catch(() => undefined);
    };
    // The serialised request stands for all its fields.
  }, [key, call]);

  return {
    analysis,
    error,
    job,
    cancel: () => {
      if (current.current) void call('jobs.cancel', { id: current.current }).catch(() => undefined);
    },
  };
}
