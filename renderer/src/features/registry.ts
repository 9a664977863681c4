// Imported in tab order, which is also the order of the features' styles in the bundle.
import { feature as dataFeature } from './data';
import { feature as exploreFeature } from './explore';
import { feature as experimentsFeature } from './experiments';
import { feature as modelsFeature } from './models';
import { feature as journeysFeature } from './journeys';
import { feature as segmentsFeature } from './segments';
import type { Feature, Route } from './feature';

/** Every feature of the app, in tab order. Adding a feature is one entry here. */
export const FEATURES = [dataFeature, exploreFeature, experimentsFeature, modelsFeature, journeysFeature, segmentsFeature] as const;

type Features = typeof FEATURES;

/** The id of a tab: every route id of every feature. */
export type View = Features[number]['routes'][number]['id'];

/** The merged state of every feature's slice. */
export type FeatureState = UnionToIntersection<SliceOf<Features[number]>>;

type SliceOf<F> = F extends Feature<infer S, string> ? S : never;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Every tab, in order. */
export const ROUTES: readonly Route<View>[] = FEATURES.flatMap((f): readonly Route<View>[] => f.routes);
