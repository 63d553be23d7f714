// Offline: serve the page's few files from a cache, refreshing it from the network when online.
// boot.js registers it as sw.js?lang=<code>: the page's files in that language.
const CACHE = 'backprop-playground-v3';
const LANG = new URL(location.href).searchParams.get('lang');
const WORDS = LANG === 'ko' || LANG === 'ja' ? LANG : 'en';
// The pieces of the page's wasm and the chunks they share (split_code, chunk_3, ...):
// `cargo xtask dist` lists them here (xtask/src/split.rs), each in the worker's language.
const PIECES = [];
// Every piece the page loads later is cached too, so a student who opened the page once opens
// the Lesson or any panel on a train with no network.
const FILES = ['./', 'index.html', 'style.css', 'boot.js', 'playground.js', '__wasm_split.js', 'favicon.svg',
  'lesson/lesson.css', 'lesson/' + WORDS + '.txt'].concat(
  WORDS !== 'en' ? ['playground_bg.' + WORDS + '.wasm', 'lang/i18n.js', 'lang/' + WORDS + '.txt'] : ['playground_bg.wasm'],
  PIECES.map((p) => p + (WORDS !== 'en' ? '.' + WORDS : '') + '.wasm'),
);
self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()));
});
self.addEventListener('fetch', (e) => {
  if (e.request.method !== 'GET' || new URL(e.request.url).origin !== location.origin) return;
  e.respondWith(fetch(e.request).then((r) => {
    if (r.ok) { const copy = r.clone(); caches.open(CACHE).then((c) => c.put(e.request, copy)); }
    return r;
  }).catch(() => caches.match(e.request, { ignoreSearch: true })));
});
