import { showNotes } from './messages.ts';

/** Set for the one reload that puts the page under the service worker's isolation headers (a guard against loops). */
const RELOADED = 'relief-isolation-reload';

/**
 * In a production build, registers sw.js (precache for offline use + cross-origin isolation headers; see
 * sw/service-worker.js). A page the worker does not yet control was served without those headers, so it is not
 * cross-origin isolated and WASM runs single-threaded: once the worker is active the page reloads itself, once —
 * or, when `mayReload()` says the user has work on screen (their own photo), a notice asks them to reload.
 * Vite's dev server sends the headers itself and serves changing files, so no worker there.
 */
export function registerServiceWorker(mayReload: () => boolean): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // Beside index.html, wherever the app is hosted: its scope is the app's folder.
  navigator.serviceWorker.register(new URL('sw.js', document.baseURI), { scope: './' }).then(async () => {
    await navigator.serviceWorker.ready;
    if (self.crossOriginIsolated) {
      sessionStorage.removeItem(RELOADED);
      return;
    }
    if (sessionStorage.getItem(RELOADED)) return; // Reloaded once and still not isolated: this browser will not be.
    if (mayReload()) {
      sessionStorage.setItem(RELOADED, '1');
      location.reload();
    } else {
      showNotes('offline', [{ kind: 'info', text: 'This app now works offline. Reload the page to let depth use several CPU threads (WASM).' }]);
    }
  }, (error: unknown) => {
    showNotes('offline', [{ kind: 'warn', text: `Offline use is not available: the service worker did not start (${error instanceof Error ? error.message : String(error)}).` }]);
  });
}
