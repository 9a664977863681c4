import './models.css';
import type { Feature } from '../feature';
import { createModelsSlice, type ModelsSlice } from './models-slice';
import { ModelsPage } from './ModelsPage';

/** The model registry: models trained in the app or on the command line, with their metrics and ONNX files. */
export const feature: Feature<ModelsSlice, 'models'> = {
  name: 'models',
  slice: createModelsSlice,
  routes: [{ id: 'models', label: 'Models', shortcut: '5', needsDataset: false, Page: ModelsPage }],
};
