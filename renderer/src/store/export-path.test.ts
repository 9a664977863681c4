import { describe, expect, it } from 'vitest';
import { fileNameOf, parentDir, suggestExportPath } from './export-path';

describe('export paths', () => {
  it('proposes the workspace exports/ folder, then the folder of the last export', () => {
    expect(suggestExportPath('/home/ana/Workbench', null, 'result.csv')).toBe('/home/ana/Workbench/exports/result.csv');
    expect(suggestExportPath('/home/ana/Workbench/', null, 'r.csv')).toBe('/home/ana/Workbench/exports/r.csv');
    expect(suggestExportPath('/home/ana/Workbench', '/tmp/out', 'result.csv')).toBe('/tmp/out/result.csv');
    expect(suggestExportPath('C:\\Users\\ana\\Workbench', null, 'r.csv')).toBe('C:\\Users\\ana\\Workbench\\exports\\r.csv');
  });

  it('takes the folder of a chosen path and makes safe file names', () => {
    expect(parentDir('/tmp/out/result.csv')).toBe('/tmp/out');
    expect(parentDir('C:\\out\\r.csv')).toBe('C:\\out');
    expect(parentDir('/r.csv')).toBe('/');
    expect(fileNameOf('Revenue <by device>', 'md')).toBe('Revenue_by_device.md');
    expect(fileNameOf('***', 'csv')).toBe('export.csv');
  });
});
