/** Model fitting and scoring speed, next to scikit-learn's figures measured on this machine (2 cores). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededUniform } from '../shared/ml/random';
import { MlWorkerClient } from '../electron/services/models/ml-client';
import { createWorkbench } from '../electron/services/workbench';

/** Milliseconds the issue gives for scikit-learn on this kind of machine (data unknown); used when Python is absent. */
const ISSUE_FIGURES = { kmeans: 560, logistic: 1070, boosting: 1080, boostingBig: 7000 };

/** scikit-learn timed on the very arrays used here, when /usr/bin/python3 has it (a benchmark, never a test). */
function sklearnOnSameData(
  root: string,
  dir: string,
  arrays: Record<string, Float64Array>,
): { sklearn: string; kmeans: number; logistic: number; boosting: number; boostingBig: number } | null {
  const files: Record<string, string> = {};
  for (const [k, a] of Object.entries(arrays)) {
    files[k] = path.join(dir, `${k}.f64`);
    writeFileSync(files[k]!, Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  }
  const r = spawnSync('/usr/bin/python3', [path.join(root, 'bench', 'sklearn_reference.py'), JSON.stringify(files)], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout) as { sklearn: string; kmeans: number; logistic: number; boosting: number; boostingBig: number };
  } catch {
    return null;
  }
}

/** Fits are timed three times in the same worker; the median is reported (the first includes compiling the kernels). */
const RUNS = 3;

async function timeRuns(fit: () => Promise<unknown>): Promise<{ median: number; first: number }> {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    await fit();
    times.push(performance.now() - t);
  }
  return { median: [...times].sort((a, b) => a - b)[RUNS >> 1]!, first: times[0]! };
}

export async function benchModels(root: string): Promise<{ what: string; ms: number; raw?: number; target: string; ok: boolean }[]> {
  const rand = seededUniform(1);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const n = 1_000_000;
  const out: { what: string; ms: number; raw?: number; target: string; ok: boolean }[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wb-bench-arrays-'));
  // Fits go through the product's model worker (which brings in its helper thread for large data);
  // the times include handing the arrays over.
  const ml = new MlWorkerClient(path.join(root, 'out', 'main', 'ml-worker.js'));
  // As in the running app, the worker (and its helper thread) is up before the timed fits.
  await ml.kmeans({ data: Float64Array.from([0, 1, 2, 3]), rows: 4, cols: 1, names: ['x'] }, { k: 2, restarts: 1, seed: 0 });

  const d8 = new Float64Array(n * 8);
  for (let i = 0; i < n; i++) for (let f = 0; f < 8; f++) d8[i * 8 + f] = (i % 8) * (f % 3) + gauss();
  const km = await timeRuns(() =>
    ml.kmeans({ data: d8, rows: n, cols: 8, names: Array.from({ length: 8 }, (_, j) => `x${j}`) }, { k: 8, restarts: 1, seed: 0 }),
  );

  const d20 = new Float64Array(n * 20);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let f = 0; f < 20; f++) {
      const v = gauss();
      d20[i * 20 + f] = v;
      z += v * (f < 5 ? 0.5 : 0.05);
    }
    y[i] = rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  const lr = await timeRuns(() =>
    ml.logistic({ data: d20, rows: n, cols: 20, names: Array.from({ length: 20 }, (_, j) => `x${j}`) }, y, {}),
  );

  const nb = 100_000;
  const db = new Float64Array(nb * 20);
  const yb = new Float64Array(nb);
  for (let i = 0; i < nb; i++) {
    let z = 0;
    for (let f = 0; f < 20; f++) {
      const v = d20[i * 20 + f]!;
      db[i * 20 + f] = v;
      z += v * (f < 5 ? 0.8 : 0.05) + (f === 1 ? v * v * 0.3 : 0);
    }
    yb[i] = rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  const gb = await timeRuns(() =>
    ml.boosting({ data: db, rows: nb, cols: 20, names: Array.from({ length: 20 }, (_, j) => `x${j}`) }, yb, {
      iterations: 100,
      validationShare: 0,
    }),
  );

  // The same at 1M rows (the first 1M×20 array, with the boosting target's shape).
  const yBig = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let f = 0; f < 20; f++) z += d20[i * 20 + f]! * (f < 5 ? 0.8 : 0.05) + (f === 1 ? d20[i * 20 + f]! ** 2 * 0.3 : 0);
    yBig[i] = rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  const gbBig = await timeRuns(() =>
    ml.boosting({ data: d20, rows: n, cols: 20, names: Array.from({ length: 20 }, (_, j) => `x${j}`) }, yBig, {
      iterations: 100,
      validationShare: 0,
    }),
  );

  // CLV: BG/NBD + Gamma-Gamma on 100k customers' summaries (whole days, as an orders table gives them).
  const nc = 100_000;
  const frequency = new Float64Array(nc);
  const recency = new Float64Array(nc);
  const T = new Float64Array(nc);
  const monetary = new Float64Array(nc);
  for (let i = 0; i < nc; i++) {
    T[i] = 30 + Math.floor(rand() * 700);
    const rate = (-Math.log(1 - rand()) * 0.3) / 30;
    const dropout = 0.05 + 0.4 * rand();
    let time = 0;
    for (;;) {
      time += -Math.log(1 - rand()) / rate;
      if (time > T[i]!) break;
      frequency[i]!++;
      recency[i] = Math.floor(time);
      if (rand() < dropout) break;
    }
    monetary[i] = frequency[i] ? 20 + 60 * rand() : 0;
  }
  let t = performance.now();
  await ml.clv({ frequency, recency, T, monetary }, { horizon: 365 });
  const clv = performance.now() - t;
  await ml.close();

  const same = sklearnOnSameData(root, dataDir, {
    kmeans: d8,
    logistic_x: d20,
    logistic_y: y,
    boosting_x: db,
    boosting_y: yb,
    boosting_big_y: yBig,
  });
  rmSync(dataDir, { recursive: true, force: true });
  const ref = same ?? ISSUE_FIGURES;
  const source = same ? `scikit-learn ${same.sklearn} on the same arrays` : "the issue's scikit-learn figure";
  const row = (what: string, ours: { median: number; first: number }, raw: number) =>
    out.push({
      what: `${what}, median of ${RUNS} (first: ${(ours.first / 1000).toFixed(2)} s) (raw: ${source})`,
      ms: ours.median,
      raw,
      target: '≤ 2× scikit-learn',
      ok: ours.median <= 2 * raw,
    });
  row('k-means 1M×8, k=8, one restart', km, ref.kmeans);
  row('logistic regression 1M×20 (scikit-learn: lbfgs)', lr, ref.logistic);
  row('gradient boosting 100k×20, 100 iterations (scikit-learn: HistGradientBoosting)', gb, ref.boosting);
  row('gradient boosting 1M×20, 100 iterations (scikit-learn: HistGradientBoosting)', gbBig, ref.boostingBig);
  if (same) {
    out.push({
      what: "  for reference, the issue's scikit-learn figures for the same four",
      ms: Number.NaN,
      target: `${ISSUE_FIGURES.kmeans} / ${ISSUE_FIGURES.logistic} / ${ISSUE_FIGURES.boosting} / ${ISSUE_FIGURES.boostingBig} ms`,
      ok: true,
    });
  }

  out.push({
    what: 'CLV (BG/NBD + Gamma-Gamma fits and every customer valued), 100k customers',
    ms: clv,
    target: '≤ 5000 ms',
    ok: clv <= 5000,
  });

  // ONNX scoring: a DuckDB table of 1M rows in, a DuckDB table of scores out.
  const ws = mkdtempSync(path.join(os.tmpdir(), 'wb-bench-ml-'));
  const wb = await createWorkbench({
    workspaceDir: ws,
    workerFile: path.join(root, 'out', 'main', 'duckdb-worker.js'),
    sampleDataDir: path.join(root, 'sample-data'),
  });
  try {
    const file = path.join(ws, 'features.parquet');
    const cols = Array.from({ length: 20 }, (_, j) => `((hash(i * ${j + 3}) % 10000) / 5000.0 - 1) AS x${j}`).join(', ');
    await wb.engine.exec(
      `COPY (SELECT ${cols}, CASE WHEN hash(i) % 10 < 3 THEN 1 ELSE 0 END AS y FROM range(${n}) t(i)) TO '${file}' (FORMAT parquet)`,
    );
    const small = path.join(ws, 'train.parquet');
    await wb.engine.exec(`COPY (SELECT * FROM read_parquet('${file}') LIMIT 50000) TO '${small}' (FORMAT parquet)`);
    const train = await wb.datasets.openAndWait({ path: small, name: 'train' });
    const features = Array.from({ length: 20 }, (_, j) => `x${j}`);
    const model = await wb.models.train(train, { name: 'bench', features, target: 'y' });
    const table = await wb.datasets.openAndWait({ path: file, name: 'to_score' });
    t = performance.now();
    await wb.models.score(table, model.onnxPath, features, 'scores');
    const sc = performance.now() - t;
    out.push({ what: 'ONNX scoring of 1M rows from a DuckDB table back into DuckDB', ms: sc, target: '≤ 3000 ms', ok: sc <= 3000 });

    // The same with preprocessing in the file: two text columns (one-hot, target encoding) as string inputs.
    const catFile = path.join(ws, 'categories.parquet');
    await wb.engine.exec(
      `COPY (SELECT *, 'plan' || (hash(x0) % 5) AS plan, 'region' || (hash(x1) % 40) AS region FROM read_parquet('${file}')) TO '${catFile}' (FORMAT parquet)`,
    );
    const catSmall = path.join(ws, 'cat_train.parquet');
    await wb.engine.exec(`COPY (SELECT * FROM read_parquet('${catFile}') LIMIT 50000) TO '${catSmall}' (FORMAT parquet)`);
    const catTrain = await wb.datasets.openAndWait({ path: catSmall, name: 'cat_train' });
    const encoded = await wb.models.train(catTrain, {
      name: 'bench_encoded',
      features: [...features, 'plan', 'region'],
      target: 'y',
      preprocess: { impute: 'median', scale: 'standard', encoding: { plan: 'onehot', region: 'target' } },
    });
    const catTable = await wb.datasets.openAndWait({ path: catFile, name: 'cat_to_score' });
    t = performance.now();
    await wb.models.score(catTable, encoded.onnxPath, [], 'cat_scores');
    const scCat = performance.now() - t;
    out.push({
      what: 'ONNX scoring of 1M rows with preprocessing in the graph (20 numeric + 2 text columns)',
      ms: scCat,
      target: '≤ 3000 ms',
      ok: scCat <= 3000,
    });
  } finally {
    await wb.close();
    rmSync(ws, { recursive: true, force: true });
  }
  return out;
}
