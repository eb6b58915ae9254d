export { DEFAULT_EYE_SEPARATION, renderOffsets, renderStereoLoop, type ViewSize } from './views.js';
export { sideBySide, anaglyph, anaglyphPixels, anaglyphGif, quilt, quiltFileSuffix, type StereoOptions, type AnaglyphLoopOptions, type QuiltOptions } from './stereo-images.js';
