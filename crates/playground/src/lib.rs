//! The Backprop Playground page: the only crate that knows the browser.
//!
//! `state` (what the page shows, and its URL form), `model` (the numbers derived from it),
//! `math` (formulas as MathML trees) and the page's policy are plain Rust, tested natively:
//! `machine` turns a `msg::Msg` (a decoded DOM event) into changes and `msg::Effects`, over
//! `clock` (the animation, crates/circuit's), `keys` (the keyboard) and `link` (opening and writing the hash).
//! The web modules exist only on wasm32: `app` holds the one long-lived [`app::App`] and
//! applies the effects, `refresh` writes the state into the page, `events` starts the page
//! and decodes DOM events (`pointer` the canvas's), `els` fetches the elements, `dom` builds
//! elements (text only, never markup), crates/canvas's `View` draws a `circuit::Scene` on the
//! canvas,
//! `anim` runs the requestAnimationFrame loop, and `quiz` is quiz mode (over
//! `lessons::quiz`), `code` the Code panel (over `lessons::code`), `fork` the "+= at forks"
//! lesson (over `lessons::fork`), `train` the neuron that learns (over `lessons::train`),
//! and `lesson` the Lesson (over `lessons::lesson`), behind its split point `lesson_piece`.
//!
//! ```
//! use playground::{model::Model, state::State};
//! let model = Model::new(&State::default()).unwrap();
//! assert_eq!(model.output_value(), -12.0); // f = (x + y) z at x = -2, y = 5, z = -4
//! ```

/// The animation clock, shared with the `<backprop-circuit>` element.
pub use circuit::clock;
pub mod examples;
pub mod fit;
pub mod keys;
pub mod link;
pub mod machine;
pub mod math;
pub mod model;
pub mod msg;
pub mod state;

#[cfg(target_arch = "wasm32")]
mod anim;
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
mod code;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod els;
#[cfg(target_arch = "wasm32")]
mod events;
#[cfg(target_arch = "wasm32")]
mod fork;
#[cfg(target_arch = "wasm32")]
mod lesson;
#[cfg(target_arch = "wasm32")]
mod lesson_piece;
#[cfg(target_arch = "wasm32")]
mod pointer;
#[cfg(target_arch = "wasm32")]
mod quiz;
#[cfg(target_arch = "wasm32")]
mod refresh;
#[cfg(target_arch = "wasm32")]
mod split;
#[cfg(all(target_arch = "wasm32", feature = "split"))]
#[allow(unsafe_code)]
mod split_rt;
#[cfg(target_arch = "wasm32")]
mod train;
#[cfg(target_arch = "wasm32")]
mod values;

#[cfg(target_arch = "wasm32")]
pub use entry::{__test_trap, boot, start};

/// Talc instead of the default dlmalloc: smaller in the page's wasm (docs/size.md), and
/// faster (the page allocates small strings and vectors on every frame).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
mod entry {
    use wasm_bindgen::prelude::*;

    /// Runs when the module loads: starts the app if the page is there (a test document
    /// without the page's markup starts it later with [`boot`]).
    #[wasm_bindgen(start)]
    pub fn start() -> Result<(), JsValue> {
        panic_hook();
        let has_page = crate::dom::window()
            .ok()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("circuit"))
            .is_some();
        if has_page {
            crate::events::boot()?;
        }
        Ok(())
    }

    /// Starts the app on the current document, which must hold the page's markup.
    #[wasm_bindgen]
    pub fn boot() -> Result<(), JsValue> {
        panic_hook();
        crate::events::boot()
    }

    /// Panic messages on the console in debug builds (`trunk serve`, the wasm tests). The
    /// release build aborts on a panic without a message (`-Cpanic=immediate-abort`), so
    /// the hook would be dead weight there; the page's own crash message covers it.
    fn panic_hook() {
        #[cfg(debug_assertions)]
        console_error_panic_hook::set_once();
    }

    /// Test hook, not part of the page: traps the wasm as a panic does in the release
    /// build, so the browser tests can check the page's crash message and Reload
    /// (docs/page-contract.md, Crash). Nothing on the page calls it.
    #[doc(hidden)]
    #[wasm_bindgen]
    pub fn __test_trap() {
        panic!("forced by __test_trap");
    }
}
