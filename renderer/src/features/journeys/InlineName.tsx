import { useEffect, useState } from 'react';

/** A name edited in place: Enter or leaving the field keeps it, Escape goes back; an empty name is not kept. */
export function InlineName({
  value,
  label,
  onCommit,
  className,
}: {
  value: string;
  label: string;
  onCommit(v: string): void;
  className?: string;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    const v = text.trim();
    if (v && v !== value) onCommit(v);
    else setText(value);
  };
  return (
    <input
      className={`inline-name ${className ?? ''}`}
      aria-label={label}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          setText(value);
          e.currentTarget.blur();
        }
        e.stopPropagation();
      }}
    />
  );
}
