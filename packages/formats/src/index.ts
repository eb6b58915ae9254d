// @relief/formats: depth photos in and out, in Node and browsers.
export type { DepthPhoto, DepthPhotoIntrinsics, DepthPhotoSource, DepthPhotoUnits, RgbaImage, ScalarImage } from './types.js';
export { DepthPhotoError, MAX_PIXELS } from './errors.js';
export { MIN_PHOTO_SIDE, photoSizeProblem, fitPixels } from './photo-limits.js';
export { readDepthPhoto } from './read.js';
export { readImageDepthPair, readRgbd, writeFacebookPair, writeRgbdPng, type PairOptions } from './pair.js';
export { writeDynamicDepthJpeg, type WriteJpegOptions } from './write-dynamic-depth.js';
export { writePly, readPly, type PlyOptions, type PlyData } from './ply.js';
export { toDistances, medianNormalised, resampleScalar, type Distances } from './distances.js';
export { encodeGreyPng, encodeRgbaPng, encodeJpeg, decodeRgba } from './raster.js';
export { depthPhotoFromDistances } from './from-distances.js';
