// Offline: serve the page's few files from a cache, refreshing it from the network when online.
// boot.js registers it as sw.js?lang=<code>: the page's files in that language.
const CACHE = 'backprop-playground-v3';
// (v3: the Lesson's module, lesson/lesson_page*, is gone; its piece is one of PIECES.)
const LANG = new URL(location.href).searchParams.get('lang');
const WORDS = LANG === 'ko' || LANG === 'ja' ? LANG : 'en';
// The pieces of the page's wasm, fetched when first used (the Lesson's among them): `cargo
// xtask dist` writes their English names here in a split build; each language has its own.
const PIECES = [];
// Every piece the page loads later is cached too, so a student who opened the page once opens
// the Lesson on a train with no network.
const FILES = ['./', 'index.html', 'style.css', 'boot.js', 'playground.js', 'favicon.svg',
  'lesson/lesson.css', 'lesson/' + WORDS + '.txt'].concat(
  WORDS !== 'en' ? ['playground_bg.' + WORDS + '.wasm', 'lang/i18n.js', 'lang/' + WORDS + '.txt'] : ['playground_bg.wasm'],
  PIECES.length ? ['__wasm_split.js'] : [],
  PIECES.map((p) => (WORDS === 'en' ? p : p.replace(/\.wasm$/, '.' + WORDS + '.wasm'))),
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
