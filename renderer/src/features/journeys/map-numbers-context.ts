/** What the board's numbers can do beyond showing themselves: open the customers behind a number, and the overlay to draw. */
import { createContext, useContext } from 'react';

/** Which customers a card's number stands for: those who reached the card, or those who dropped before it. */
export type NumberKind = 'customers' | 'dropped';

export interface MapNumbersActions {
  /** Opens the list of customers behind a card's number. */
  openCustomers(cardId: string, kind: NumberKind): void;
  /** Per stage, the drop-off share drawn beside the emotion curve; null when the overlay is off. */
  dropOff: (number | null)[] | null;
}

export const MapNumbersContext = createContext<MapNumbersActions | null>(null);

export const useMapNumbers = () => useContext(MapNumbersContext);
