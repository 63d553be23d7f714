// Languages. A Korean or Japanese page runs a wasm built in that language (crates/lang puts
// the words in at compile time), so everything the app writes is already translated. This
// module, loaded by boot.js only for those languages, translates the rest: the texts of
// index.html itself (its text nodes and aria-labels, and the title), once, when the page
// opens. Its table, lang/<code>.txt beside it, is written by `cargo xtask dist` from
// crates/lang/tables/<code>.txt: for each text of index.html, the hash of its English (below) and its
// translation on two lines, between blank lines.

// 32-bit FNV-1a over the UTF-16 code units, in base 36 (xtask's text_hash).
const hash = (s) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
};

// Notation: the same in every language.
const NOTATION = 'textarea, math, script, style';

export async function translate(code) {
  const res = await fetch(new URL(code + '.txt', import.meta.url));
  if (!res.ok) throw new Error('cannot load the ' + code + ' texts: ' + res.status);
  const table = new Map();
  for (const block of (await res.text()).split('\n\n')) {
    const [key, to] = block.split('\n');
    if (to) table.set(key, to);
  }
  // Japanese puts no spaces between phrases: the spaces around a text that stood next to
  // an emphasised word in the English go.
  const tr = (s) => {
    const [, lead, core, tail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(s);
    const to = table.get(hash(core));
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
