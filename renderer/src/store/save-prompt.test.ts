import { describe, expect, it } from 'vitest';
import { createAppStore } from './create-app-store';
import { scriptedClient } from './scripted-client';

const info = {
  workspace: '/home/ana/Workbench',
  version: '1',
  sampleDataDir: '/s',
  datasetCount: 0,
  welcomeDismissed: true,
  recovered: [],
};

describe('choosing where an export goes (browser mode)', () => {
  it('asks with the workspace exports/ folder first, then proposes the folder of the last choice; cancel answers null', async () => {
    const store = createAppStore(scriptedClient({ 'app.info': () => info }).client);
    const first = store.getState().chooseExportPath('result.csv', 'csv', 'Export the result as CSV');
    await expect
      .poll(() => store.getState().savePrompt)
      .toEqual({
        title: 'Export the result as CSV',
        defaultPath: '/home/ana/Workbench/exports/result.csv',
        extension: 'csv',
      });
    store.getState().answerSavePrompt('/tmp/reports/mine.csv');
    await expect(first).resolves.toBe('/tmp/reports/mine.csv');
    expect(store.getState().savePrompt).toBeNull();

    const second = store.getState().chooseExportPath('report.md', 'md', 'Export the report as Markdown');
    await expect.poll(() => store.getState().savePrompt?.defaultPath).toBe('/tmp/reports/report.md');
    store.getState().answerSavePrompt(null);
    await expect(second).resolves.toBeNull();
  });
});
