import { useRef, useState } from 'react';
import { useApp } from '../store/app-store';
import { useDialogFocus } from './use-dialog-focus';

/** Browser mode's "save as": a path on the host's disk, prefilled (the desktop app uses its own save dialog). */
export function SavePathDialog() {
  const prompt = useApp((s) => s.savePrompt)!;
  const answer = useApp((s) => s.answerSavePrompt);
  const [path, setPath] = useState(prompt.defaultPath);
  const box = useRef<HTMLFormElement>(null);
  const cancel = () => answer(null);
  useDialogFocus(box, cancel);
  const ext = `.${prompt.extension}`;
  const wrongExt = path.trim() !== '' && !path.trim().toLowerCase().endsWith(ext);

  return (
    <div className="modal-backdrop">
      <form
        className="overlay save-path"
        role="dialog"
        aria-modal="true"
        aria-label={prompt.title}
        ref={box}
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim() && !wrongExt) answer(path.trim());
        }}
      >
        <h2>{prompt.title}</h2>
        <label className="field">
          <span>Save to (a path on this computer)</span>
          <input
            aria-label="Save to"
            value={path}
            spellCheck={false}
            onChange={(e) => setPath(e.target.value)}
            onFocus={(e) => {
              // Select the file name, as save dialogs do, so typing a new name keeps the folder.
              const v = e.currentTarget.value;
              const start = Math.max(v.lastIndexOf('/'), v.lastIndexOf('\\')) + 1;
              const end = v.toLowerCase().endsWith(ext) ? v.length - ext.length : v.length;
              e.currentTarget.setSelectionRange(start, end);
            }}
          />
        </label>
        {wrongExt ? (
          <p className="hint error">The file name should end in {ext}.</p>
        ) : (
          <p className="hint muted">
            Missing folders are created. Files you loaded and the workspace&apos;s own files are refused; the workspace&apos;s exports/
            folder is fine.
          </p>
        )}
        <footer>
          <button type="button" onClick={cancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!path.trim() || wrongExt}>
            Save
          </button>
        </footer>
      </form>
    </div>
  );
}
