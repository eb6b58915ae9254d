// The original package's body-segmentation imports @mediapipe/selfie_segmentation, a script that is no ES
// module; the tests use only its TF.js runtime, so this stands in for that import.
export class SelfieSegmentation {
  constructor() {
    throw new Error('The MediaPipe runtime is not available in Relief tests; use runtime "tfjs".');
  }
}
