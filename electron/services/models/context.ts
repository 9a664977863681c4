import type { Engine } from '../engine/engine';
import type { Store } from '../store/store';
import type { MlWorkerClient } from './ml-client';
import type { ModelRegistry } from './registry';

/** What the models feature's jobs (training, scoring, clustering, projection) work with. */
export interface ModelsContext {
  engine: Engine;
  store: Store;
  ml: MlWorkerClient;
  registry: ModelRegistry;
  /** Where registered models' ONNX files are written. */
  modelDir: string;
}

/** Fits at most this many rows are checked against onnxruntime after export. */
export const VERIFY_ROWS = 20_000;
