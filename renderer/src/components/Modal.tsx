import { useEffect, useRef, useState, type ReactNode } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The elements Tab visits inside `root`, in document order (hidden ones left out). */
function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
}

/** True while a modal dialog is open: page shortcuts (a board's arrows, Delete, Ctrl+Z) then leave the keys alone. */
export const modalOpen = () => document.querySelector('[aria-modal="true"]') !== null;

/**
 * A modal dialog over a dimmed backdrop: focus moves into it (its `autoFocus` element, else the first
 * focusable one), Tab and Shift+Tab stay inside, Escape and a click on the backdrop close it, and on close
 * the focus goes back to the element that had it when it opened (the card or button that opened it).
 * Keys pressed inside never reach the page behind. An element inside marked `data-own-escape` handles
 * Escape itself (a name form closing without closing the dialog).
 */
export function Modal({
  label,
  className,
  onClose,
  children,
}: {
  label: string;
  className?: string;
  onClose(): void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  // Read while rendering, before an autoFocus inside takes the focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));

  useEffect(() => {
    const root = ref.current!;
    if (!root.contains(document.activeElement)) (focusables(root)[0] ?? root).focus();
    // Escape and Tab are caught at the window too: a button that disables itself (Run) drops the focus to the page.
    const onKey = (e: KeyboardEvent) => {
      const open = document.querySelectorAll('[aria-modal="true"]');
      if (open.item(open.length - 1) !== root) return; // a dialog opened over this one has the keys
      if (e.key === 'Escape') {
        // A small form inside the dialog (marked data-own-escape) takes Escape for itself: it closes the form only.
        if (e.target instanceof Element && e.target.closest('[data-own-escape]')) return;
        e.preventDefault();
        e.stopPropagation();
        close.current();
      } else if (e.key === 'Tab') {
        const items = focusables(root);
        const first = items[0];
        const last = items[items.length - 1];
        if (!first || !last) {
          e.preventDefault();
          root.focus();
        } else if (!root.contains(document.activeElement)) {
          e.preventDefault();
          (e.shiftKey ? last : first).focus();
        } else if (e.shiftKey && (document.activeElement === first || document.activeElement === root)) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first.focus();
        }
      } else if (!root.contains(e.target as Node)) e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, [opener]);

  return (
    <div className="jm-backdrop" onClick={() => close.current()}>
      <div
        ref={ref}
        className={`jm-dialog${className ? ` ${className}` : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        tabIndex={-1}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.stopPropagation()}
      >
        {children}
      </div>
    </div>
  );
}
