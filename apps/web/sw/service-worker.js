// The Relief web app's service worker (written to dist/sw.js by build/precache-plugin.ts, which fills in the two
// constants below from the build output). It does two jobs:
//
// 1. Offline after one visit. On install it downloads every file of the build — the app shell (index.html, JS,
//    CSS, icons, manifest), the models (model.json + .bin), the tfjs WASM binaries and the example photos — into a
//    cache named after the build's content hash, then serves them from there, cache first. A new build has a new
//    hash: the new worker fills its own cache, waits (the browser's default) until no page of the old version is
//    open — so an open page never gets the new build's files mixed with its own — then activates and deletes the
//    old caches.
//
// 2. Cross-origin isolation on hosts that cannot send headers (GitHub Pages, a plain static server): every response
//    it serves gets `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp` (as
//    coi-serviceworker does), so `crossOriginIsolated` is true, SharedArrayBuffer exists and TF.js loads its
//    threaded WASM build. A page loaded before the worker controlled it has no such headers; src/offline.ts reloads
//    it once when the worker takes over.
//
// Plain JavaScript on purpose: it runs as is in the ServiceWorkerGlobalScope, no bundling.

/** Paths relative to this file (so the app works from any sub-path), filled in at build time. */
const PRECACHE = self.__RELIEF_PRECACHE__;
/** A hash of every precached file's content: a new build gets a new cache. */
const VERSION = self.__RELIEF_VERSION__;

const CACHE = `relief-${VERSION}`;
const scope = new URL('./', self.location.href);
const urls = PRECACHE.map((path) => new URL(path, scope).href);
const INDEX = new URL('index.html', scope).href;

self.addEventListener('install', (event) => {
  // `cache: 'reload'` skips the HTTP cache, so a stale copy never lands in a fresh build's cache.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(urls.map((url) => new Request(url, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith('relief-') && name !== CACHE) await caches.delete(name);
    // Control the page that registered the first worker without waiting for its next load (it then reloads once,
    // for the headers).
    await self.clients.claim();
  })());
});

/** The response with the two isolation headers added (opaque responses cannot be read or changed, and need none here). */
function isolated(response) {
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  // Lets this response be embedded by an isolated page even if the host sends a stricter policy.
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function respond(request) {
  const cache = await caches.open(CACHE);
  // Navigations to the app's folder (with or without index.html, with a query) get the cached page.
  const key = request.mode === 'navigate' && new URL(request.url).pathname.startsWith(scope.pathname) ? INDEX : request;
  const cached = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
  if (cached) return isolated(cached);
  // Not part of the build (or the cache was cleared): the network, still isolated.
  return isolated(await fetch(request));
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  // Other origins and non-GET requests pass through untouched (the app makes none; extensions might).
  if (request.method !== 'GET' || !request.url.startsWith(scope.origin)) return;
  // fetch() throws on an `only-if-cached` request outside same-origin mode (devtools sends them): leave those alone.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(respond(request));
});
