import type { ReactNode } from 'react';

export function ResultCard(props: {
  verdict: string;
  good: 'good' | 'bad' | 'neutral' | 'warn';
  rows: [string, string][];
  note?: string;
  children?: ReactNode;
}) {
  return (
    <section className={`result-card ${props.good}`} aria-label="Result">
      <p className="verdict" data-testid="verdict">
        {props.verdict}
      </p>
      <dl className="numbers">
        {props.rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {props.children}
      {props.note && <p className="method-note">{props.note}</p>}
    </section>
  );
}
