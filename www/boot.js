// Loads the wasm app (Trunk's inject_scripts is off, so the page loads it itself; no inline script under the CSP).
import init from './playground.js';
init().catch((e) => {
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
// Languages: lang/i18n.js translates the page, loaded only when a language other than
// English is asked for (by the link's ?lang=, the student's last choice or the browser).
// Until it has, the page stays invisible (class tr), so no English flashes first.
const lang = document.getElementById('lang');
const html = document.documentElement.classList;
const say = (code) => import('./lang/i18n.js').then((m) => m.use(code)).catch(() => {}).then(() => html.remove('tr'));
lang.onchange = () => say(lang.value);
let stored;
try { stored = localStorage.getItem('lang'); } catch {}
if (!/^en/.test(new URLSearchParams(location.search).get('lang') || stored || navigator.language)) {
  html.add('tr');
  say();
}
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('sw.js').catch(() => {});
}
