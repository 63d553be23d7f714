// Languages. A Korean or Japanese page runs a wasm built in that language (crates/lang puts
// the words in at compile time), so everything the app writes is already translated. This
// module, loaded by boot.js only for those languages, translates the rest: the texts of
// index.html itself (its text nodes and aria-labels, and the title), once, when the page
// opens. Its table, lang/<code>.txt beside it, is written by `cargo xtask dist` from
// www/lang/<code>.txt: the entries whose English is a text of index.html, an English line
// and its translation, between blank lines.

// Notation: the same in every language.
const NOTATION = 'textarea, math, script, style';

export async function translate(code) {
  const res = await fetch(new URL(code + '.txt', import.meta.url));
  if (!res.ok) throw new Error('cannot load the ' + code + ' texts: ' + res.status);
  const table = new Map();
  for (const block of (await res.text()).split('\n\n')) {
    const [en, to] = block.split('\n');
    if (to) table.set(en, to);
  }
  // Japanese puts no spaces between phrases: the spaces around a text that stood next to
  // an emphasised word in the English go.
  const tr = (s) => {
    const [, lead, core, tail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(s);
    const to = table.get(core);
    return to === undefined ? s : code === 'ja' ? to : lead + to + tail;
  };
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walk.nextNode()); ) {
    if (!n.parentElement.closest(NOTATION)) n.nodeValue = tr(n.nodeValue);
  }
  for (const el of document.querySelectorAll('[aria-label]')) {
    el.setAttribute('aria-label', tr(el.getAttribute('aria-label')));
  }
  document.title = tr(document.title);
}
