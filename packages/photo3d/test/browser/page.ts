// The page the browser tests drive: the library straight from src (Vite compiles it) plus the synthetic fixtures.
import * as photo3d from '../../src/index.js';
import { bumpScene, bumpSceneWithoutMask } from '../fixtures.js';

declare global {
  interface Window {
    photo3d: typeof photo3d;
    bumpScene: typeof bumpScene;
    bumpSceneWithoutMask: typeof bumpSceneWithoutMask;
    ready: boolean;
  }
}

window.photo3d = photo3d;
window.bumpScene = bumpScene;
window.bumpSceneWithoutMask = bumpSceneWithoutMask;
window.ready = true;
