import { Fragment } from 'react';
import { numberParts, type CardNumbers } from './card-numbers';
import { useMapNumbers } from './map-numbers-context';

/** A card's funnel numbers and removal effect; the customers and dropped counts open the customers behind them. */
export function CardNumbersView({ cardId, cardText, numbers }: { cardId: string; cardText: string; numbers: CardNumbers }) {
  const actions = useMapNumbers();
  return (
    <div className="card-numbers" data-testid="card-numbers">
      {numberParts(numbers).map((p, i) => (
        <Fragment key={p.kind}>
          {i > 0 && <span className="sep"> · </span>}
          {actions && (p.kind === 'customers' || p.kind === 'dropped') ? (
            <button
              type="button"
              className="number-link"
              data-number={p.kind}
              title={
                p.kind === 'dropped'
                  ? 'List the customers who dropped before this touchpoint'
                  : 'List the customers who reached this touchpoint'
              }
              aria-label={`${p.text}: list them (${cardText || 'card'})`}
              onClick={(e) => {
                e.stopPropagation();
                actions.openCustomers(cardId, p.kind as 'customers' | 'dropped');
              }}
              onKeyDown={(e) => e.stopPropagation()}
            >
              {p.text}
            </button>
          ) : (
            <span
              className={p.kind === 'removalEffect' ? 'removal-effect' : undefined}
              title={p.kind === 'removalEffect' ? REMOVAL_TIP : undefined}
            >
              {p.text}
            </span>
          )}
        </Fragment>
      ))}
    </div>
  );
}

const REMOVAL_TIP =
  'Markov removal effect: the share of conversions (reaching the last touchpoint) that would be lost if customers never passed this touchpoint.';
