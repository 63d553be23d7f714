// Languages. The page is written in English: the HTML, and every text the wasm app writes.
// This module, loaded only when a student's language is not English, shows the page in
// Korean or Japanese by translating its texts where they land, in the DOM: the text nodes
// and the labelling attributes, now and whenever the app changes them (a MutationObserver,
// whose callback runs before the browser paints, so English never flashes).
//
// The words come from one table per language (ko.txt, ja.txt here, beside this file), fetched
// when chosen. An entry is an English text and its translation, on two lines; entries are
// separated by blank lines, and lines starting with // are comments. `{0}` ... `{9}` in the
// English match any text (the shortest that fits), and put it into the translation as it is;
// `{~0}` in the translation puts it in translated by the table's parts: entries whose
// English starts with `~`, used only inside other texts (gate names, reasons, parts of error
// messages), never on their own. Formulas, program text and code (not its comments) stay
// as they are.

const ATTRS = ['aria-label', 'title', 'placeholder', 'aria-valuetext'];
// Notation: the same in every language. (The Code panel's lines are translated: only
// their comments match the table.)
const NOTATION = 'textarea, math, script, style';
// Name cells hold a program's names, which may be English words ("loss", "input"): only
// texts with a space in them (the descriptions of unnamed wires) are translated there.
const NAMES = 'tbody th';

let lang = 'en';
let table = null;
const tables = {};
// What the app wrote (en) and what is shown for it, per text node and per attribute.
const texts = new WeakMap();
const attrs = new WeakMap();
let observer = null;

const compile = (src) => {
  const t = { main: { exact: new Map(), patterns: [] }, part: { exact: new Map(), patterns: [] } };
  for (const block of src.split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((l) => l && !l.startsWith('//'));
    if (lines.length !== 2) continue;
    let [en, to] = lines;
    const kind = en.startsWith('~') ? t.part : t.main;
    if (en.startsWith('~')) en = en.slice(1);
    if (!/\{\d\}/.test(en)) {
      kind.exact.set(en, to);
      continue;
    }
    const re = en.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\d\\\}/g, '([\\s\\S]*?)');
    kind.patterns.push([new RegExp('^' + re + '$'), to]);
  }
  return t;
};

// `s` in the table's language, or `s` itself when the table has no entry for it. In a
// name cell, and inside another text when no part fits, only texts with a space in them are
// translated: a single word there is a program's name.
const translate = (s, part, names) => {
  const [, lead, core, tail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(s);
  if (!/[A-Za-z]/.test(core)) return s;
  const one = (t, spacedOnly) => {
    if (spacedOnly && !core.includes(' ')) return undefined;
    const hit = t.exact.get(core);
    if (hit !== undefined) return hit;
    for (const [re, to] of t.patterns) {
      const m = re.exec(core);
      if (m) return to.replace(/\{(~?)(\d)\}/g, (_, tr, i) => (tr ? translate(m[+i + 1], true) : m[+i + 1]));
    }
    return undefined;
  };
  const out = (part ? one(table.part) : undefined) ?? one(table.main, part || names);
  // Japanese puts no spaces between phrases: the spaces around a text that stood next to
  // an emphasised word in the English go.
  return out === undefined ? s : lang === 'ja' ? out : lead + out + tail;
};

const skip = (el) => !el || el.closest(NOTATION);

// A text node the app wrote or changed: remember its English, show the translation.
const text = (node) => {
  const now = node.nodeValue;
  // Numbers (most of what an edit writes) have nothing to translate: no lookup at all.
  if (!/[A-Za-z]/.test(now)) return;
  const el = node.parentElement;
  if (skip(el)) return;
  const seen = texts.get(node);
  if (seen && now === seen.shown) return;
  const en = now;
  const shown = lang === 'en' ? en : translate(en, false, !!el.closest(NAMES));
  texts.set(node, { en, shown });
  if (shown !== now) node.nodeValue = shown;
};

const attr = (el, name) => {
  if (skip(el) || !el.hasAttribute(name)) return;
  let map = attrs.get(el);
  if (!map) attrs.set(el, (map = {}));
  const now = el.getAttribute(name);
  if (map[name] && now === map[name].shown) return;
  const shown = lang === 'en' ? now : translate(now);
  map[name] = { en: now, shown };
  if (shown !== now) el.setAttribute(name, shown);
};

// Back to the English the app wrote, then into the current language.
const retranslate = (node) => {
  if (node.nodeType === Node.TEXT_NODE) {
    const seen = texts.get(node);
    if (seen && node.nodeValue === seen.shown) node.nodeValue = seen.en;
    texts.delete(node);
    text(node);
    return;
  }
  const walk = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let n; (n = walk.nextNode()); ) retranslate(n);
  for (const el of node.querySelectorAll ? [node, ...node.querySelectorAll('*')] : []) {
    const map = attrs.get(el);
    for (const name of ATTRS) {
      if (map && map[name]) {
        if (el.getAttribute(name) === map[name].shown) el.setAttribute(name, map[name].en);
        delete map[name];
      }
      attr(el, name);
    }
  }
};

const changed = (records) => {
  for (const r of records) {
    if (r.type === 'characterData') text(r.target);
    else if (r.type === 'attributes') attr(r.target, r.attributeName);
    else for (const n of r.addedNodes) retranslate(n);
  }
  // Drop the records of this callback's own writes.
  observer.takeRecords();
};

// localStorage throws where storage is off (some private modes): then nothing is stored.
const stored = (code) => {
  try {
    return code ? localStorage.setItem('lang', code) : localStorage.getItem('lang');
  } catch {
    return null;
  }
};

const pick = () => {
  const wanted = [new URLSearchParams(location.search).get('lang'), stored(), ...navigator.languages];
  for (const w of wanted) {
    const code = w && w.slice(0, 2).toLowerCase();
    if (code === 'en' || code === 'ko' || code === 'ja') return code;
  }
  return 'en';
};

// Shows the page in `code` (en, ko or ja); with no code, in the language the link, the
// student's last choice or the browser asks for. A chosen language is remembered and put in
// the link (`?lang=`), so a shared link opens in it. If its table cannot be loaded (offline
// before it was ever fetched), the page and the menu stay as they were.
export async function use(code) {
  const select = document.getElementById('lang');
  const chosen = !!code;
  code = code || pick();
  if (code !== 'en' && !tables[code]) {
    try {
      const res = await fetch(new URL(code + '.txt', import.meta.url));
      if (!res.ok) throw new Error('cannot load the ' + code + ' texts: ' + res.status);
      tables[code] = compile(await res.text());
    } catch (e) {
      select.value = lang;
      throw e;
    }
  }
  if (chosen) {
    stored(code);
    const url = new URL(location.href);
    url.searchParams.set('lang', code);
    history.replaceState(history.state, '', url);
  }
  lang = code;
  table = tables[code] || null;
  select.value = code;
  document.documentElement.lang = code;
  if (!observer) {
    observer = new MutationObserver(changed);
    observer.observe(document.documentElement, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS,
    });
  }
  retranslate(document.body);
  document.title = code === 'en' ? 'Backprop Playground' : translate('Backprop Playground');
  observer.takeRecords();
}
