// Loads the wasm app (Trunk's inject_scripts is off, so the page loads it itself; no inline script under the CSP).
import init from './playground.js';
// The language: the link's ?lang=, else the student's last choice in the Language menu,
// else the first of the browser's languages the page speaks, else English. Korean and
// Japanese have their own wasm (the app's words are compiled in), and lang/i18n.js
// translates the texts of this HTML; until it has, the page stays invisible (class tr), so
// no English flashes first.
let stored;
try { stored = localStorage.getItem('lang'); } catch {}
const code = [new URLSearchParams(location.search).get('lang'), stored, ...(navigator.languages || [])]
  .map((w) => w && w.slice(0, 2).toLowerCase())
  .find((c) => c === 'en' || c === 'ko' || c === 'ja') || 'en';
const html = document.documentElement;
// Only if it differs: writing lang, even the same value, makes the browser match every
// element's style again (the :lang rule), a long task right after the first paint.
if (html.lang !== code) html.lang = code;
const wasm = code === 'en' ? undefined : { module_or_path: 'playground_bg.' + code + '.wasm' };
if (code !== 'en') {
  html.classList.add('tr');
  import('./lang/i18n.js').then((m) => m.translate(code)).catch(() => {}).then(() => html.classList.remove('tr'));
}
init(wasm).then(() => {
  // The offline cache, once the circuit is drawn: its install fetches every piece (the
  // Lesson's among them), which must not compete with the first load's own files.
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('sw.js?lang=' + code).catch(() => {});
  }
}, (e) => {
  const err = document.getElementById('error');
  if (err) { err.hidden = false; err.textContent = 'The page could not start: ' + e; }
});
// A trap inside the wasm (a panic, in the release build) leaves the app in an unknown
// state: say so and offer a reload. The program is kept in the URL hash, which the page
// writes after each edit, so reloading brings it back (docs/page-contract.md, Crash).
const crashed = (e) => {
  if (e instanceof WebAssembly.RuntimeError) document.getElementById('crash').hidden = false;
};
addEventListener('error', (e) => crashed(e.error));
addEventListener('unhandledrejection', (e) => crashed(e.reason));
document.getElementById('reload').addEventListener('click', () => location.reload());
// The Language menu opens the page again in the chosen language (its wasm differs), with
// the choice in the link, so a shared link opens in it, and remembered for the next visit.
// The program and its numbers are in the link's hash, so they stay.
const menu = document.getElementById('lang');
menu.value = code;
menu.onchange = () => {
  try { localStorage.setItem('lang', menu.value); } catch {}
  const url = new URL(location.href);
  url.searchParams.set('lang', menu.value);
  location.assign(url);
};
