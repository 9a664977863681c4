/** Journeys: maps CX teams draw, and the analytics that fill them from event data (funnels, paths, attribution). */
import { differencesContract } from './differences-contract';
import { funnelContract } from './funnel-contract';
import { mapsContract } from './maps-contract';
import { pathsContract } from './paths-contract';

export const journeysContract = { ...mapsContract, ...funnelContract, ...pathsContract, ...differencesContract } as const;
