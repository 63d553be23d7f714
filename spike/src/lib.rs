//! The spike: `start` runs from the first piece; `heavy` is a split point whose code
//! (a table of primes written into the page) is in its own module, fetched on first call.

use wasm_bindgen::prelude::*;
use wasm_split_helpers::wasm_split;

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// The first piece's work: writes "main ran" into #out.
#[wasm_bindgen(start)]
pub fn start() {
    if let Some(out) = document().get_element_by_id("out") {
        out.set_text_content(Some("main ran"));
    }
}

/// The split point: the primes below `n`, as text. Only the split module has this code.
#[wasm_split(heavy)]
fn primes_below(n: u32) -> String {
    let mut sieve = vec![true; n as usize];
    let mut out = String::new();
    for i in 2..n as usize {
        if sieve[i] {
            out.push_str(&i.to_string());
            out.push(' ');
            let mut j = i * i;
            while j < n as usize {
                sieve[j] = false;
                j += i;
            }
        }
    }
    out
}

/// Called by the page's button: loads the split module (once) and runs it.
#[wasm_bindgen]
pub async fn open_heavy(n: u32) -> String {
    let text = primes_below(n).await;
    if let Some(out) = document().get_element_by_id("out") {
        out.set_text_content(Some(&text));
    }
    text
}
