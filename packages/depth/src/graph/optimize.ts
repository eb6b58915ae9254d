import type { io } from '@tensorflow/tfjs-core';
import { fuseConvolutions } from './fuse_convolutions.js';
import { unfoldTransposedConvolutions } from './unfold_transposed_convolutions.js';

/**
 * Every load-time rewrite, in order, applied to whatever graph model Relief loads (bundled or user-supplied):
 * each computes the same values with ops that TF.js's backends run faster. Unrecognised graphs pass unchanged.
 */
export function optimizeGraph(artifacts: io.ModelArtifacts): io.ModelArtifacts {
  return fuseConvolutions(unfoldTransposedConvolutions(artifacts));
}
