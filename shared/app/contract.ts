/** The app's own methods: workspace info, the folder list, jobs and the audit log. */
import { z } from 'zod';
import type { AuditEntry, JobStatus } from '../types';
import { empty, id, path, returns } from '../api/schemas';

export const appContract = {
  'app.info': {
    request: empty,
    response: returns<{ workspace: string; version: string; sampleDataDir: string; datasetCount: number }>(),
  },
  'files.list': {
    request: z.object({ dir: path.optional() }).strict(),
    response: returns<{
      dir: string;
      parent: string | null;
      entries: { name: string; path: string; kind: 'dir' | 'file'; size: number }[];
    }>(),
  },
  'jobs.status': { request: z.object({ id }).strict(), response: returns<JobStatus>() },
  'jobs.cancel': { request: z.object({ id }).strict(), response: returns<JobStatus>() },
  'audit.list': { request: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(), response: returns<AuditEntry[]>() },
} as const;
