import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromColumns } from '../../../shared/ml/matrix';
import { useWorkbench } from '../test-support';
import { scoreOnnx } from './onnx-check';
import { exposeZipMapTensors, inspectOnnx } from './onnx-import';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, '..', '..', '..', 'models', 'fixtures');
const zipmapFile = path.join(FIXTURES, 'zipmap_classifier.onnx');
const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'zipmap_classifier.expected.json'), 'utf8')) as {
  rows: number[][];
  probabilities: number[][];
};

const ctx = useWorkbench();

describe('importing external ONNX models', () => {
  it('shows inputs and outputs, including a ZipMap output', () => {
    const info = inspectOnnx(readFileSync(zipmapFile), zipmapFile);
    expect(info.inputs).toEqual([{ name: 'float_input', type: 'tensor(float)[N,3]', width: 3 }]);
    expect(info.outputs.map((o) => o.name)).toEqual(['output_label', 'output_probability']);
    expect(info.outputs[1]!.type).toMatch(/^seq\(map\(int64/);
    expect(info.zipMap).toBe(true);
  });

  it('rewrites ZipMap so onnxruntime-node returns the probability tensor, with the right values', async () => {
    const bytes = exposeZipMapTensors(readFileSync(zipmapFile), zipmapFile);
    expect(inspectOnnx(bytes, 'rewritten').zipMap).toBe(false);
    const X = fromColumns({ a: expected.rows.map((r) => r[0]!), b: expected.rows.map((r) => r[1]!), c: expected.rows.map((r) => r[2]!) }, [
      'a',
      'b',
      'c',
    ]);
    const out = await scoreOnnx(bytes, X);
    const probs = Array.from(out.probability_tensor as Float32Array);
    expected.probabilities.flat().forEach((p, i) => expect(Math.abs(probs[i]! - p)).toBeLessThan(1e-6));
  });

  it('scores a table with it, and names a column-count mismatch or a corrupt file', async () => {
    const csv = path.join(ctx.dir, 'x.csv');
    writeFileSync(csv, 'a,b,c\n' + expected.rows.map((r) => r.join(',')).join('\n') + '\n');
    const d = await ctx.wb.datasets.openAndWait({ path: csv });
    const r = await ctx.wb.models.score(d, zipmapFile, ['a', 'b', 'c'], 'imported_scores');
    expect(r.outputs).toEqual(['output_label', 'probability_tensor_0', 'probability_tensor_1']);
    const t = await ctx.wb.queries.run('SELECT probability_tensor_1 FROM imported_scores ORDER BY row_number');
    (t.page.data[0] as number[]).forEach((p, i) => expect(Math.abs(p - expected.probabilities[i]![1]!)).toBeLessThan(1e-6));
    await expect(ctx.wb.models.score(d, zipmapFile, ['a', 'b'], 't')).rejects.toThrow(
      /takes 3 values per row, but 2 columns were mapped \(a, b\)/,
    );
    const corrupt = path.join(ctx.dir, 'corrupt.onnx');
    writeFileSync(corrupt, 'not a model');
    await expect(ctx.wb.models.score(d, corrupt, ['a', 'b', 'c'], 't')).rejects.toThrow(/corrupt\.onnx: not a readable ONNX model/);
  });
});
