/** Seeded uniform numbers in [0, 1) for model fitting: the same seed gives the same model. */
import { mulberry32 } from '../random';

export function seededUniform(seed: number): () => number {
  const next = mulberry32(seed || 1);
  return () => next() / 4294967296;
}
