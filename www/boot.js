// Loads the wasm app (Trunk's inject_scripts is off, so the page loads it itself; no inline script under the CSP).
import init from './playground.js';
init().catch((e) => {
  const err = document.getElementById('error');
  if (err) { err.hidden = false; err.textContent = 'The page could not start: ' + e; }
});
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('sw.js').catch(() => {});
}
