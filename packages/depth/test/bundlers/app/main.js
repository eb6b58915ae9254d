// Vite and webpack 5: nothing to configure, the models are emitted as assets.
import { estimate } from './estimate.js';

window.estimate = estimate;
