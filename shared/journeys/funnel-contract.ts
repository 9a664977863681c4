/** Journeys: the funnel methods (request schemas and response types). */
export const funnelContract = {} as const;
