// Facial expressions as blends of MakeHuman's expression-unit targets (data/targets/expression/units).
// MakeHuman's own .mhpose expressions drive the face bones of its BVH face rig; these morph units give the
// same kinds of faces without a face rig. Weights are scaled by a random strength per person.

export const EXPRESSIONS: Record<string, Record<string, number>> = {
  neutral: {},
  smile: { 'mouth-corner-puller': 0.8, 'mouth-upward-retraction': 0.3, 'eye-left-slit': 0.25, 'eye-right-slit': 0.25 },
  grin: { 'mouth-corner-puller': 0.9, 'mouth-parling': 0.6, 'mouth-retraction': 0.4, 'eye-left-slit': 0.35, 'eye-right-slit': 0.35 },
  laugh: { 'mouth-open': 0.6, 'mouth-corner-puller': 0.8, 'eye-left-slit': 0.5, 'eye-right-slit': 0.5 },
  surprise: { 'eyebrows-left-up': 0.9, 'eyebrows-right-up': 0.9, 'eye-left-opened-up': 0.6, 'eye-right-opened-up': 0.6, 'mouth-open': 0.5 },
  talk: { 'mouth-open': 0.35, 'mouth-parling': 0.3 },
  frown: { 'eyebrows-left-down': 0.8, 'eyebrows-right-down': 0.8, 'mouth-depression': 0.5, 'mouth-compression': 0.3 },
  sad: { 'eyebrows-left-inner-up': 0.8, 'eyebrows-right-inner-up': 0.8, 'mouth-depression': 0.6 },
  pout: { 'mouth-pursing': 0.7, 'mouth-protusion': 0.5 },
  blink: { 'eye-left-closure': 1, 'eye-right-closure': 1 },
  wink: { 'eye-left-closure': 1, 'mouth-corner-puller': 0.4 },
  sneer: { 'nose-left-elevation': 0.7, 'nose-right-elevation': 0.4, 'mouth-upward-retraction': 0.4 },
};
