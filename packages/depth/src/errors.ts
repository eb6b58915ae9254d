/** Messages shared with the original package, kept verbatim so callers matching on them keep working. */
export const MISSING_CONFIG = 'An estimation config with minDepth and maxDepth set must be provided.';
export const MIN_GT_MAX = 'minDepth must be <= maxDepth.';

/** Largest accepted side, in pixels. Bigger images are rejected before any pixel memory is allocated. */
export const MAX_INPUT_SIDE = 8192;

export function unsupportedModel(model: unknown): Error {
  return new Error(`${String(model)} is not a supported model name.`);
}
