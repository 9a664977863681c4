import { messageOf } from '../../../../shared/api/result';
import type { JourneyMap, JourneyMapInput } from '../../../../shared/journeys/map';
import { canRedo, canUndo, commit, redo, startHistory, undo, type History } from '../../../../shared/journeys/map-history';
import type { JourneyMapSummary } from '../../../../shared/journeys/maps-contract';
import type { Population } from '../../../../shared/journeys/population';
import type { JourneyTemplate } from '../../../../shared/journeys/templates';
import type { SliceCreator } from '../feature';

/** How long the editor waits after the last edit before saving. */
export const SAVE_DELAY_MS = 600;

export type SaveState = 'saved' | 'saving' | 'unsaved' | 'failed';

export interface OpenJourneyMap {
  history: History<JourneyMap>;
  saveState: SaveState;
  saveError: string | null;
  updatedAt: string;
}

export interface JourneysSlice {
  /** Saved maps, most recently edited first; null until first loaded. */
  journeyMaps: JourneyMapSummary[] | null;
  journeyTemplates: readonly JourneyTemplate[];
  journeysError: string | null;
  openMap: OpenJourneyMap | null;
  /** The population each map's numbers are counted over (by map id), for this run of the app; absent = all customers. */
  mapPopulations: Record<string, Population>;
  setMapPopulation(mapId: string, population: Population): void;
  refreshJourneyMaps(): Promise<void>;
  /** Saves a new map (from a template, an import or blank) and opens it. */
  createJourneyMap(map: JourneyMapInput): Promise<void>;
  openJourneyMap(id: string): Promise<void>;
  /** Saves pending edits, then goes back to the list. */
  closeJourneyMap(): Promise<void>;
  deleteJourneyMap(id: string): Promise<void>;
  /** Applies an edit to the open map as one undoable step, and saves it shortly after. */
  editMap(edit: (m: JourneyMap) => JourneyMap): void;
  undoMap(): void;
  redoMap(): void;
  /** Saves the open map now if it has unsaved edits. */
  flushMapSave(): Promise<void>;
}

export const createJourneysSlice: SliceCreator<JourneysSlice> = (set, get, _store, { call }) => {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let saving: Promise<void> | null = null;

  const patchOpen = (patch: Partial<OpenJourneyMap>) => {
    const open = get().openMap;
    if (open) set({ openMap: { ...open, ...patch } });
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    patchOpen({ saveState: 'unsaved' });
    timer = setTimeout(() => void save(), SAVE_DELAY_MS);
  };
  async function save(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    if (saving) await saving;
    const open = get().openMap;
    if (!open || open.saveState === 'saved') return;
    const map = open.history.present;
    patchOpen({ saveState: 'saving' });
    saving = (async () => {
      try {
        const saved = await call('journeys.maps.save', { map });
        const now = get().openMap;
        // Edits made while saving stay unsaved and are saved next.
        if (now?.history.present.id === map.id)
          patchOpen(
            now.history.present === map
              ? { saveState: 'saved', saveError: null, updatedAt: saved.updatedAt }
              : { updatedAt: saved.updatedAt },
          );
      } catch (e) {
        patchOpen({ saveState: 'failed', saveError: messageOf(e) });
      }
    })();
    await saving;
    saving = null;
    if (get().openMap?.saveState === 'unsaved') schedule();
  }
  const step = (h: History<JourneyMap>) => {
    const open = get().openMap;
    if (!open || h === open.history) return;
    set({ openMap: { ...open, history: h } });
    schedule();
  };

  return {
    journeyMaps: null,
    journeyTemplates: [],
    journeysError: null,
    openMap: null,
    mapPopulations: {},
    setMapPopulation(mapId, population) {
      set({ mapPopulations: { ...get().mapPopulations, [mapId]: population } });
    },
    async refreshJourneyMaps() {
      try {
        const [journeyMaps, journeyTemplates] = await Promise.all([call('journeys.maps.list', {}), call('journeys.templates', {})]);
        set({ journeyMaps, journeyTemplates, journeysError: null });
      } catch (e) {
        set({ journeysError: messageOf(e) });
      }
    },
    async createJourneyMap(input) {
      const saved = await call('journeys.maps.save', { map: input });
      const { createdAt: _c, updatedAt, ...map } = saved;
      set({ openMap: { history: startHistory(map), saveState: 'saved', saveError: null, updatedAt } });
      void get().refreshJourneyMaps();
    },
    async openJourneyMap(id) {
      const { createdAt: _c, updatedAt, ...map } = await call('journeys.maps.get', { id });
      set({ openMap: { history: startHistory(map), saveState: 'saved', saveError: null, updatedAt } });
    },
    async closeJourneyMap() {
      await save();
      set({ openMap: null });
      await get().refreshJourneyMaps();
    },
    async deleteJourneyMap(id) {
      await call('journeys.maps.delete', { id });
      if (get().openMap?.history.present.id === id) set({ openMap: null });
      await get().refreshJourneyMaps();
    },
    editMap(edit) {
      const open = get().openMap;
      if (open) step(commit(open.history, edit(open.history.present)));
    },
    undoMap() {
      const open = get().openMap;
      if (open && canUndo(open.history)) step(undo(open.history));
    },
    redoMap() {
      const open = get().openMap;
      if (open && canRedo(open.history)) step(redo(open.history));
    },
    flushMapSave: save,
  };
};
