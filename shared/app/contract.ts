/** The app's own methods: workspace info, the folder list, jobs and the audit log. */
import { z } from 'zod';
import type { AuditEntry, JobStatus } from '../types';
import { empty, id, path, returns } from '../api/schemas';

export const appContract = {
  'app.info': {
    request: empty,
    /** `recovered`: what was repaired when the workspace opened (after a crash or a move), one line each. */
    response: returns<{
      workspace: string;
      version: string;
      sampleDataDir: string;
      datasetCount: number;
      welcomeDismissed: boolean;
      recovered: string[];
    }>(),
  },
  /** The first-launch welcome was closed: it is not shown again in this workspace. */
  'app.dismissWelcome': { request: empty, response: returns<{ welcomeDismissed: true }>() },
  'files.list': {
    request: z.object({ dir: path.optional() }).strict(),
    response: returns<{
      dir: string;
      parent: string | null;
      entries: { name: string; path: string; kind: 'dir' | 'file'; size: number }[];
    }>(),
  },
  /** Runs a slow method (see `jobMethods`) as a job; follow it with jobs.status, which carries its result when done. */
  'jobs.start': {
    request: z.object({ method: z.string().min(1).max(128), request: z.record(z.string(), z.unknown()).optional() }).strict(),
    response: returns<{ jobId: string }>(),
  },
  'jobs.status': { request: z.object({ id }).strict(), response: returns<JobStatus>() },
  'jobs.cancel': { request: z.object({ id }).strict(), response: returns<JobStatus>() },
  'audit.list': { request: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(), response: returns<AuditEntry[]>() },
} as const;
