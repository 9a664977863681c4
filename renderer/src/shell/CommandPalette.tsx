import { useEffect, useMemo, useRef, useState } from 'react';
import { filterCommands } from './commands';
import { useCommands } from './use-commands';
import { useDialogFocus } from './use-dialog-focus';

/** Ctrl/Cmd+K: type to filter every action and dataset; arrows move, Enter runs, Escape closes. */
export function CommandPalette({ close, showShortcuts, showWelcome }: { close(): void; showShortcuts(): void; showWelcome(): void }) {
  const shell = useMemo(() => ({ showShortcuts, showWelcome }), [showShortcuts, showWelcome]);
  const commands = useCommands(shell);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  useDialogFocus(box, close);
  const shown = useMemo(() => filterCommands(commands, query), [commands, query]);

  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const run = (i: number) => {
    const c = shown[i];
    if (!c) return;
    close(); // the focus goes back first, then the command may move it (a dialog, a page)
    c.run();
  };

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = shown.length;
      if (n) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      run(active);
    }
  };

  return (
    <div className="modal-backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="overlay palette" role="dialog" aria-modal="true" aria-label="Command palette" ref={box}>
        <input
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={shown[active] ? `palette-${shown[active].id}` : undefined}
          aria-label="Search commands and datasets"
          placeholder="Type a command or a dataset…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKey}
        />
        <ul id="palette-list" role="listbox" ref={list} aria-label="Commands">
          {shown.map((c, i) => (
            <li
              key={c.id}
              id={`palette-${c.id}`}
              role="option"
              data-index={i}
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseMove={() => i !== active && setActive(i)}
              onClick={() => run(i)}
            >
              <span className="palette-group">{c.group}</span>
              <span className="palette-title">{c.title}</span>
              {c.keys && <kbd>{c.keys}</kbd>}
            </li>
          ))}
          {!shown.length && <li className="muted empty-row">Nothing matches “{query}”.</li>}
        </ul>
      </div>
    </div>
  );
}
