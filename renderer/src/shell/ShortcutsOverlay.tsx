import { useRef } from 'react';
import { ROUTES } from '../features/registry';
import { shortcutGroups } from './shortcuts';
import { useDialogFocus } from './use-dialog-focus';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The `?` list: every shortcut of the app, by page. */
export function ShortcutsOverlay({ close }: { close(): void }) {
  const box = useRef<HTMLDivElement>(null);
  useDialogFocus(box, close);
  const keys = (k: string) => (isMac ? k.replace(/Ctrl\+/g, '⌘') : k);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="overlay shortcuts" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" ref={box} tabIndex={-1}>
        <header>
          <h2>Keyboard shortcuts</h2>
          <button className="link" onClick={close} aria-label="Close">
            ×
          </button>
        </header>
        <div className="shortcut-groups">
          {shortcutGroups(ROUTES).map((g) => (
            <section key={g.page}>
              <h3>{g.page}</h3>
              <dl>
                {g.shortcuts.map((s) => (
                  <div key={s.keys + s.does}>
                    <dt>
                      <kbd>{keys(s.keys)}</kbd>
                    </dt>
                    <dd>{s.does}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <p className="muted hint">
          {isMac ? '⌘ is Cmd.' : 'On a Mac, Cmd replaces Ctrl.'} The shortcuts do not fire while you type in a field, except Ctrl+K.
        </p>
      </div>
    </div>
  );
}
