/** Datasets: preview a file or folder, load it (a job), list and remove. */
import { z } from 'zod';
import { THOUSANDS_SEPARATORS, type Dataset, type Preview } from '../types';
import { empty, id, path, returns } from '../api/schemas';

const csvOptions = z
  .object({
    delimiter: z.string().min(1).max(4).optional(),
    header: z.boolean().optional(),
    decimalComma: z.boolean().optional(),
    thousandsSeparator: z.enum(THOUSANDS_SEPARATORS).optional(),
    quotedNewlines: z.boolean().optional(),
    encoding: z.enum(['utf-8', 'utf-16', 'latin-1']).optional(),
    skipRows: z.number().int().min(0).max(1_000_000).optional(),
    dateFormat: z.string().max(64).optional(),
  })
  .strict();

export const loadOptionsSchema = z
  .object({
    format: z.enum(['csv', 'parquet', 'json', 'xlsx']).optional(),
    csv: csvOptions.optional(),
    sheet: z.string().max(255).optional(),
    unionByName: z.boolean().optional(),
  })
  .strict();

export const datasetsContract = {
  'datasets.list': { request: empty, response: returns<Dataset[]>() },
  'datasets.preview': {
    request: z.object({ path, options: loadOptionsSchema.optional() }).strict(),
    response: returns<Preview>(),
  },
  'datasets.open': {
    request: z
      .object({
        path,
        name: z.string().min(1).max(128).optional(),
        mode: z.enum(['view', 'import']).optional(),
        options: loadOptionsSchema.optional(),
      })
      .strict(),
    response: returns<{ jobId: string }>(),
  },
  'datasets.remove': { request: z.object({ id }).strict(), response: returns<{ removed: boolean }>() },
} as const;
