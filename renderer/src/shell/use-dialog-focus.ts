import { useEffect, type RefObject } from 'react';

/**
 * A dialog takes the focus when it opens (its first field, or itself), closes on Escape, and gives the
 * focus back to whatever had it before when it closes.
 */
export function useDialogFocus(box: RefObject<HTMLElement | null>, close: () => void): void {
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = box.current?.querySelector<HTMLElement>('input, [autofocus]') ?? box.current;
    first?.focus();
    return () => {
      if (before && document.contains(before)) before.focus();
    };
  }, [box]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopImmediatePropagation();
      close();
    };
    // Capture: Escape closes the dialog before a page's own Escape (clear a selection) sees it.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [close]);
}
