import type { RequestOf } from '../../../../shared/api/contract';
import type { Segment } from '../../../../shared/segments/segment';
import type { SliceCreator } from '../feature';

export interface SegmentsSlice {
  /** Saved segments, newest first; null until first loaded. */
  segments: Segment[] | null;
  segmentsError: string | null;
  refreshSegments(): Promise<void>;
  /** Saves a segment and puts it first in the list; a refusal (e.g. a name in use) is thrown with its message. */
  saveSegment(request: RequestOf<'segments.save'>): Promise<Segment>;
  deleteSegment(id: string): Promise<void>;
}

export const createSegmentsSlice: SliceCreator<SegmentsSlice> = (set, get, _store, { invoke }) => ({
  segments: null,
  segmentsError: null,
  async refreshSegments() {
    const r = await invoke('segments.list', {});
    set(r.ok ? { segments: r.value, segmentsError: null } : { segmentsError: r.error.message });
  },
  async saveSegment(request) {
    const r = await invoke('segments.save', request);
    if (!r.ok) throw new Error(r.error.message);
    const seg = r.value;
    set({ segments: [seg, ...(get().segments ?? []).filter((s) => s.id !== seg.id)] });
    return seg;
  },
  async deleteSegment(id) {
    const r = await invoke('segments.delete', { id });
    if (!r.ok) {
      set({ segmentsError: r.error.message });
      return;
    }
    set({ segments: (get().segments ?? []).filter((s) => s.id !== id), segmentsError: null });
  },
});
