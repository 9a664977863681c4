import { useEffect, useState } from 'react';
import { showInFolder } from '../api/client';
import { JobsBar } from '../features/data';
import { useApp } from '../store/app-store';

/**
 * The window's bottom line: running jobs, then the one message (a load, a save, an export, an error), then
 * where to find the shortcuts. It takes its own row, so it never covers the grid.
 */
export function StatusBar({ onShortcuts, onPalette }: { onShortcuts(): void; onPalette(): void }) {
  const notice = useApp((s) => s.notice);
  const dismiss = useApp((s) => s.dismissNotice);
  const [copied, setCopied] = useState(false);
  const show = showInFolder();

  // A plain message fades after a while; an error, or a file to find, stays until dismissed.
  useEffect(() => {
    setCopied(false);
    if (!notice || notice.kind === 'error' || notice.path) return;
    const t = setTimeout(dismiss, 8000);
    return () => clearTimeout(t);
  }, [notice, dismiss]);

  const copy = (path: string) =>
    navigator.clipboard.writeText(path).then(
      () => setCopied(true),
      () => window.prompt('Copy the path', path),
    );

  return (
    <footer className="statusbar">
      <JobsBar />
      {notice ? (
        <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          <span>{notice.text}</span>
          {notice.path &&
            (show ? (
              <button className="small" onClick={() => void show(notice.path!)}>
                Show in folder
              </button>
            ) : (
              <button className="small" onClick={() => void copy(notice.path!)} title={notice.path}>
                {copied ? 'Copied' : 'Copy path'}
              </button>
            ))}
          <button className="link" onClick={dismiss} aria-label="Dismiss message" title="Dismiss">
            ×
          </button>
        </div>
      ) : (
        <span className="spacer" />
      )}
      <div className="status-hints">
        <button className="link" onClick={onPalette} title="Every action and dataset (Ctrl+K)">
          Commands <kbd>Ctrl+K</kbd>
        </button>
        <button className="link" onClick={onShortcuts} title="Keyboard shortcuts (?)">
          Shortcuts <kbd>?</kbd>
        </button>
      </div>
    </footer>
  );
}
