import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { reportCsv, reportHtml, reportMarkdown } from '../../../shared/experiment-report-render';
import type { SavedExperiment } from '../../../shared/types';
import { checkExportTarget, type ExportGuard } from '../explore/export-guard';
import type { Store } from '../store/store';
import { ExperimentStore } from './experiment-store';

export type ReportFormat = 'markdown' | 'html' | 'csv';
const EXT: Record<ReportFormat, string> = { markdown: 'md', html: 'html', csv: 'csv' };

/** Saved experiments: kept in SQLite, reopened, duplicated, exported as reports. */
export class SavedExperiments {
  private readonly experiments: ExperimentStore;

  constructor(
    private readonly store: Store,
    private readonly exportDir: string,
    /** Refuses a report written over a loaded file or the workspace's own files, as result exports do. */
    private readonly guard?: ExportGuard,
  ) {
    this.experiments = new ExperimentStore(store);
  }

  list(): SavedExperiment[] {
    return this.experiments.list();
  }

  get(id: string): SavedExperiment {
    const e = this.experiments.get(id);
    if (!e) throw new WorkbenchError(ErrorCode.NotFound, `No saved experiment with id ${id}.`);
    return e;
  }

  save(e: Omit<SavedExperiment, 'id' | 'createdAt' | 'updatedAt'> & { id?: string }): SavedExperiment {
    const existing = e.id ? this.experiments.get(e.id) : undefined;
    return this.experiments.save({ ...e, id: e.id ?? randomUUID(), createdAt: existing?.createdAt });
  }

  duplicate(id: string): SavedExperiment {
    const e = this.get(id);
    return this.experiments.save({ ...e, id: randomUUID(), name: `${e.name} (copy)`, createdAt: undefined });
  }

  delete(id: string): boolean {
    return this.experiments.delete(id);
  }

  /** Writes the report next to a temporary name first, so a reader never sees half a file. */
  async export(id: string, format: ReportFormat, target?: string): Promise<{ path: string }> {
    const e = this.get(id);
    const safe = e.name.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'experiment';
    const file = path.resolve(target ?? path.join(this.exportDir, `${safe}.${EXT[format]}`));
    if (path.extname(file).toLowerCase() !== `.${EXT[format]}`) {
      throw new WorkbenchError(ErrorCode.InvalidArgument, `${file}: the file name should end in .${EXT[format]}.`, { field: 'path' });
    }
    if (this.guard) await checkExportTarget(file, this.guard);
    const text = format === 'markdown' ? reportMarkdown(e) : format === 'html' ? reportHtml(e) : reportCsv(e);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(`${file}.partial`, text, 'utf8');
    await fs.rename(`${file}.partial`, file);
    this.store.audit('experiment.export', `${e.name} → ${file}`);
    return { path: file };
  }
}
