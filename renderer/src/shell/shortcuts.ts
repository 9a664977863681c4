/** Every keyboard shortcut of the app, grouped by page, for the `?` overlay. Keys are written for Windows/Linux; Cmd replaces Ctrl on a Mac. */
import type { Route } from '../features/feature';

export interface Shortcut {
  keys: string;
  does: string;
}

export interface ShortcutGroup {
  page: string;
  shortcuts: Shortcut[];
}

export function shortcutGroups(routes: readonly Pick<Route, 'label' | 'shortcut'>[]): ShortcutGroup[] {
  return [
    {
      page: 'Everywhere',
      shortcuts: [
        { keys: 'Ctrl+K', does: 'Command palette: every action and dataset' },
        { keys: '?', does: 'This list of shortcuts' },
        { keys: 'Ctrl+O', does: 'Open a file or folder' },
        ...routes.map((r) => ({ keys: `Ctrl+${r.shortcut}`, does: `Go to ${r.label}` })),
        { keys: 'Escape', does: 'Close a dialog, the palette or this list' },
      ],
    },
    {
      page: 'Data grid and SQL results',
      shortcuts: [
        { keys: 'Click, Shift+click', does: 'Select a cell, then a range of cells' },
        { keys: 'Ctrl+C', does: 'Copy the selected cells' },
        { keys: 'Enter', does: 'Inspect the cell (its full value)' },
        { keys: 'Escape', does: 'Clear the selection and close the inspector' },
      ],
    },
    {
      page: 'SQL',
      shortcuts: [
        { keys: 'Ctrl+Enter', does: 'Run the query' },
        { keys: 'Escape', does: 'Cancel the running query' },
      ],
    },
    {
      page: 'Journeys (an open map)',
      shortcuts: [
        { keys: 'Click, Shift/Ctrl+click', does: 'Select a card, add cards to the selection' },
        { keys: 'Arrows', does: 'Move between cards' },
        { keys: 'Enter, double-click', does: 'Edit the card' },
        { keys: 'Alt+arrows', does: 'Move the card' },
        { keys: 'Space, arrows, Space', does: 'Pick up, carry and drop a card' },
        { keys: 'Delete', does: 'Remove the selected cards' },
        { keys: 'Ctrl+Z / Ctrl+Shift+Z', does: 'Undo / redo' },
        { keys: 'Ctrl+= / Ctrl+- / Ctrl+0', does: 'Zoom in / out / reset' },
        { keys: 'P', does: 'Customer paths' },
        { keys: 'Escape', does: 'Clear the selection, close a panel' },
      ],
    },
  ];
}

/** Whether a key press is aimed at a text field (an input, a textarea, a select, an editable element). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return Boolean(el.isContentEditable) || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** What a key press asks of the shell: the palette (Ctrl/Cmd+K, even while typing), the shortcut list (`?`, not while typing). */
export function shellKey(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}): 'palette' | 'shortcuts' | null {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') return 'palette';
  if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) return 'shortcuts';
  return null;
}
