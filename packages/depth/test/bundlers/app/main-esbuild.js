// esbuild does not emit `new URL(…, import.meta.url)` assets: the build copies @relief/depth's models/ into the
// output folder and the app says where they are.
import { setModelsUrl } from '@relief/depth';
import { estimate } from './estimate.js';

setModelsUrl('./models/');
window.estimate = estimate;
