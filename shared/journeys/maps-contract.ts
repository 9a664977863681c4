/** Journeys: the maps methods (request schemas and response types). */
export const mapsContract = {} as const;
