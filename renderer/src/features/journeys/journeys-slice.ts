import { messageOf } from '../../../../shared/api/result';
import { moveCards, removeCards, updateCards, type Card, type JourneyMap, type JourneyMapInput } from '../../../../shared/journeys/map';
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
  /** The selected cards of the open map, in the order they were selected (the last one has the focus). */
  mapSelection: string[];
  /** Replaces the selection (an empty list clears it). */
  selectMapCards(ids: string[]): void;
  /** Adds a card to the selection, or takes it out if it is in (Shift/Ctrl+click). */
  toggleMapCard(id: string): void;
  /** Removes the selected cards as one undoable step. */
  removeSelectedCards(): void;
  /** Sets the same fields on every selected card as one undoable step. */
  editSelectedCards(patch: Partial<Pick<Card, 'channel' | 'emotion'>>): void;
  /**
   * A drop: moves the dragged card, or the whole selection when the dragged card is selected, into a cell
   * at `index` among its other cards, as one undoable step.
   */
  dropCards(draggedId: string, stageId: string, laneId: string, index: number): void;
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
    const ids = new Set(h.present.cards.map((c) => c.id));
    const selection = get().mapSelection;
    const kept = selection.filter((id) => ids.has(id));
    set({ openMap: { ...open, history: h }, ...(kept.length !== selection.length ? { mapSelection: kept } : {}) });
    schedule();
  };
  const edit = (f: (m: JourneyMap) => JourneyMap) => {
    const open = get().openMap;
    if (open) step(commit(open.history, f(open.history.present)));
  };
  /** The selected cards in board order (the order they are moved in). */
  const selectedInBoardOrder = () => {
    const sel = new Set(get().mapSelection);
    return (get().openMap?.history.present.cards ?? []).filter((c) => sel.has(c.id)).map((c) => c.id);
  };

  return {
    journeyMaps: null,
    journeyTemplates: [],
    journeysError: null,
    openMap: null,
    mapSelection: [],
    selectMapCards(ids) {
      set({ mapSelection: [...new Set(ids)] });
    },
    toggleMapCard(id) {
      const sel = get().mapSelection;
      set({ mapSelection: sel.includes(id) ? sel.filter((x) => x !== id) : [...sel, id] });
    },
    removeSelectedCards() {
      const ids = get().mapSelection;
      if (ids.length) edit((m) => removeCards(m, ids));
    },
    editSelectedCards(patch) {
      const ids = get().mapSelection;
      if (ids.length) edit((m) => updateCards(m, ids, patch));
    },
    dropCards(draggedId, stageId, laneId, index) {
      const ids = get().mapSelection.includes(draggedId) ? selectedInBoardOrder() : [draggedId];
      if (!ids.includes(draggedId)) return;
      edit((m) => moveCards(m, ids, stageId, laneId, index));
      if (ids.length === 1) set({ mapSelection: [draggedId] });
    },
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
      set({ openMap: { history: startHistory(map), saveState: 'saved', saveError: null, updatedAt }, mapSelection: [] });
      void get().refreshJourneyMaps();
    },
    async openJourneyMap(id) {
      const { createdAt: _c, updatedAt, ...map } = await call('journeys.maps.get', { id });
      set({ openMap: { history: startHistory(map), saveState: 'saved', saveError: null, updatedAt }, mapSelection: [] });
    },
    async closeJourneyMap() {
      await save();
      set({ openMap: null, mapSelection: [] });
      await get().refreshJourneyMaps();
    },
    async deleteJourneyMap(id) {
      await call('journeys.maps.delete', { id });
      if (get().openMap?.history.present.id === id) set({ openMap: null });
      await get().refreshJourneyMaps();
    },
    editMap: edit,
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
