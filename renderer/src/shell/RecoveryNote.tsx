/** What the workspace repaired when it opened (after a crash or a move): shown until dismissed. */
export function RecoveryNote({ lines, onDismiss }: { lines: string[]; onDismiss: () => void }) {
  return (
    <div className="recovery-note" role="status" aria-label="Repaired at start">
      <div>
        <strong>The workspace was repaired when it opened</strong> (the app had stopped without closing it, or the folder moved):
        <ul>
          {lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      </div>
      <button className="link" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
