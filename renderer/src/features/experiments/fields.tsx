import type { ReactNode } from 'react';
import { formatPValue } from '../../../../shared/stats/p-value';

export type FieldErrors = Record<string, string>;

/** A number input that shows the engine's complaint about it right beside it. */
export function NumberField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  step?: string;
}) {
  return (
    <label className={`field ${props.error ? 'has-error' : ''}`}>
      <span className="field-label">{props.label}</span>
      <input
        aria-label={props.label}
        aria-invalid={Boolean(props.error)}
        inputMode="decimal"
        value={props.value}
        step={props.step}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error ? (
        <span className="field-error" role="alert">
          {props.error}
        </span>
      ) : props.hint ? (
        <span className="field-hint">{props.hint}</span>
      ) : null}
    </label>
  );
}

/** Parses a typed number; empty or malformed text becomes NaN so the engine names the field. */
export function toNumber(text: string): number {
  const t = text.trim().replace(/[\s_,](?=\d{3}\b)/g, '');
  return t === '' ? Number.NaN : Number(t);
}

export function pct(x: number, digits = 2): string {
  return `${(100 * x).toFixed(digits)}%`;
}

export function fmt(x: number, digits = 4): string {
  if (Math.abs(x) >= 1e5) return x.toLocaleString(undefined, { maximumFractionDigits: 0 });
  return Number(x.toPrecision(digits)).toString();
}

/** The shared p-value format: "0.021", "2.4e-21", "< 1e-300". */
export function pValue(p: number): string {
  return formatPValue(p);
}
