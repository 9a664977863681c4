import type { RegisteredModel } from '../../../../shared/types';
import type { SliceCreator } from '../feature';

export interface ModelsSlice {
  /** Registered models, newest version of each name first; null until first loaded. */
  models: RegisteredModel[] | null;
  modelsError: string | null;
  refreshModels(): Promise<void>;
}

export const createModelsSlice: SliceCreator<ModelsSlice> = (set, _get, _store, { invoke }) => ({
  models: null,
  modelsError: null,
  async refreshModels() {
    const r = await invoke('models.list', {});
    set(r.ok ? { models: r.value, modelsError: null } : { modelsError: r.error.message });
  },
});
