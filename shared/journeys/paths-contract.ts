/** Journeys: the paths methods (request schemas and response types). */
export const pathsContract = {} as const;
