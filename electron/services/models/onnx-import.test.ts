import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { onnx } from 'onnx-proto';
import { fromColumns } from '../../../shared/ml/matrix';
import { useWorkbench } from '../test-support';
import { scoreOnnx } from './onnx-check';
import { exposeZipMapTensors, inspectOnnx, runnableOnnx } from '../../../shared/onnx/import';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, '..', '..', '..', 'models', 'fixtures');
const zipmapFile = path.join(FIXTURES, 'zipmap_classifier.onnx');
const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'zipmap_classifier.expected.json'), 'utf8')) as {
  rows: number[][];
  probabilities: number[][];
};

const forestFile = path.join(FIXTURES, 'forest_zipmap_classifier.onnx');
const forest = JSON.parse(readFileSync(path.join(FIXTURES, 'forest_zipmap_classifier.expected.json'), 'utf8')) as {
  rows: number[][];
  probabilities: number[][];
  labels: number[];
};
const forestX = () =>
  fromColumns(Object.fromEntries([0, 1, 2, 3].map((f) => [`x${f}`, forest.rows.map((r) => r[f]!)])), ['x0', 'x1', 'x2', 'x3']);

const ctx = useWorkbench();

describe('importing external ONNX models', () => {
  it('shows inputs and outputs, including a ZipMap output', () => {
    const info = inspectOnnx(readFileSync(zipmapFile), zipmapFile);
    expect(info.inputs).toEqual([{ name: 'float_input', type: 'tensor(float)[N,3]', width: 3, elem: 'float' }]);
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

  it('scores a multi-input model (a numeric and a text input, as skl2onnx writes column transformers) by column name or mapping', async () => {
    // score = age + 10·[plan = "pro"] + 20·[plan = "team"]: OneHotEncoder on the text input, Concat, MatMul.
    const T = onnx.TensorProto.DataType;
    const info = (name: string, elem: number) => ({
      name,
      type: { tensorType: { elemType: elem, shape: { dim: [{ dimParam: 'N' }, { dimValue: 1 }] } } },
    });
    const enc = new TextEncoder();
    const bytes = onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [
        { domain: '', version: 13 },
        { domain: 'ai.onnx.ml', version: 2 },
      ],
      graph: {
        name: 'external',
        input: [info('age', T.FLOAT), info('plan', T.STRING)],
        output: [info('score', T.FLOAT)],
        initializer: [{ name: 'w', dataType: T.FLOAT, dims: [3, 1], floatData: [1, 10, 20] }],
        node: [
          {
            opType: 'OneHotEncoder',
            domain: 'ai.onnx.ml',
            input: ['plan'],
            output: ['plan3d'],
            attribute: [
              { name: 'cats_strings', type: onnx.AttributeProto.AttributeType.STRINGS, strings: [enc.encode('pro'), enc.encode('team')] },
              { name: 'zeros', type: onnx.AttributeProto.AttributeType.INT, i: 1 },
            ],
          },
          { opType: 'Flatten', input: ['plan3d'], output: ['plan2d'] },
          { opType: 'Concat', input: ['age', 'plan2d'], output: ['x'], attribute: [{ name: 'axis', type: 2, i: 1 }] },
          { opType: 'MatMul', input: ['x', 'w'], output: ['score'] },
        ],
      },
    }).finish();
    const file = path.join(ctx.dir, 'external.onnx');
    writeFileSync(file, bytes);
    expect(inspectOnnx(bytes, file).inputs.map((i) => `${i.name}:${i.elem}`)).toEqual(['age:float', 'plan:string']);
    const csv = path.join(ctx.dir, 'people.csv');
    writeFileSync(csv, 'age,plan,years\n30,pro,31\n40,team,41\n50,free,51\n60,,61\n');
    const d = await ctx.wb.datasets.openAndWait({ path: csv });
    const byName = await ctx.wb.models.score(d, file, [], 'people_scores');
    expect(byName.outputs).toEqual(['score']);
    const got = await ctx.wb.queries.run('SELECT score FROM people_scores ORDER BY row_number');
    expect(got.page.data[0]).toEqual([40, 60, 50, 60]);
    // An input can be fed from a differently named column.
    await ctx.wb.models.score(d, file, [], 'mapped_scores', 2, { age: ['years'] });
    const mapped = await ctx.wb.queries.run('SELECT score FROM mapped_scores ORDER BY row_number');
    expect(mapped.page.data[0]).toEqual([41, 61, 51, 61]);
    // Evaluated as a regressor against a numeric outcome: |40−31|, |60−41|, |50−51|, |60−61| → MAE 7.5.
    const ev = await ctx.wb.models.evaluate(d, file, { target: 'years' });
    expect(ev).toMatchObject({ task: 'regression', output: 'score', rows: 4, mae: 7.5 });
    expect(ev.rmse as number).toBeCloseTo(Math.sqrt((81 + 361 + 1 + 1) / 4), 9);
    await expect(ctx.wb.models.score(d, file, [], 't', 100, { nope: ['age'] })).rejects.toThrow(
      /has no input "nope" \(it takes age, plan\)/,
    );
    await expect(ctx.wb.models.score(d, file, [], 't', 100, { plan: ['plan', 'age'] })).rejects.toThrow(
      /text input "plan" takes exactly one column/,
    );
    await expect(ctx.wb.models.score(d, file, [], 't', 100, { age: ['missing_col'] })).rejects.toThrow(/has no column "missing_col"/);
  });

  describe('a two-class random forest whose leaves weigh both classes (TreeEnsembleClassifier + ZipMap)', () => {
    it('onnxruntime\'s own label is "class-1 score above 0": the ZipMap rewrite alone leaves it disagreeing with the probabilities', async () => {
      const out = await scoreOnnx(exposeZipMapTensors(readFileSync(forestFile), forestFile), forestX());
      const probs = out.probabilities as Float32Array;
      forest.probabilities.flat().forEach((p, i) => expect(Math.abs(probs[i]! - p)).toBeLessThan(1e-6));
      const labels = Array.from(out.output_label as BigInt64Array, Number);
      const disagree = labels.filter((l, i) => l !== forest.labels[i]).length;
      expect(disagree).toBeGreaterThan(forest.rows.length / 2);
    });

    it('is rewritten so the label is the class of the larger probability, and inspect says so', async () => {
      const bytes = readFileSync(forestFile);
      expect(inspectOnnx(bytes, forestFile).notes).toEqual([
        expect.stringMatching(/recomputes this label as the class with the larger probability/),
      ]);
      expect(inspectOnnx(readFileSync(zipmapFile), zipmapFile).notes).toEqual([]);
      const out = await scoreOnnx(runnableOnnx(bytes, forestFile), forestX());
      expect(Array.from(out.output_label as BigInt64Array, Number)).toEqual(forest.labels);
    });

    it('scores a table with labels that agree with argmax of the probabilities beside them', async () => {
      const csv = path.join(ctx.dir, 'forest.csv');
      writeFileSync(csv, 'x0,x1,x2,x3\n' + forest.rows.map((r) => r.join(',')).join('\n') + '\n');
      const d = await ctx.wb.datasets.openAndWait({ path: csv });
      const r = await ctx.wb.models.score(d, forestFile, ['x0', 'x1', 'x2', 'x3'], 'forest_scores');
      expect(r.outputs).toEqual(['output_label', 'probabilities_0', 'probabilities_1']);
      const t = await ctx.wb.queries.run('SELECT output_label, probabilities_0, probabilities_1 FROM forest_scores ORDER BY row_number');
      const [label, p0, p1] = t.page.data as number[][];
      label!.forEach((l, i) => expect(Number(l)).toBe(p1![i]! > p0![i]! ? 1 : 0));
      expect(label!.map(Number)).toEqual(forest.labels);
    });
  });
});
