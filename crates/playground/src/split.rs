//! The page's split points (docs/split-spike.md): code that the first piece of the wasm
//! does not hold. With the `split` feature, `cargo xtask dist --split` cuts each function
//! marked `#[wasm_split(name)]` (and everything only it reaches) into `name.wasm`, which
//! the page fetches the first time the function is called; the piece shares the first
//! piece's memory, table and code. Without the feature (every test, `trunk serve`), the
//! functions are plain functions in the one wasm.

use autodiff::{Graph, Step};
use lessons::code::{Code, Style};

/// The Code panel's generator, `lessons::code`: `None` until its piece has arrived. The
/// first call starts the fetch and calls `then` on the app when the piece is there.
#[cfg(feature = "split")]
pub fn code(graph: &Graph, steps: &[Step], style: Style, then: fn(&mut crate::app::App)) -> Option<Code> {
    use std::future::Future;
    use std::task::{Context, Poll, Waker};
    match CODE.get() {
        Piece::Ready => {
            // The piece is loaded, so the wrapper's future is ready at its first poll.
            let mut future = std::pin::pin!(pieces::code_new(graph, steps, style));
            match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
                Poll::Ready(code) => Some(code),
                Poll::Pending => None,
            }
        }
        Piece::Loading => None,
        Piece::Missing => {
            CODE.set(Piece::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                pieces::code_piece().await;
                CODE.set(Piece::Ready);
                crate::app::with_app(&mut |app| {
                    then(app);
                    Ok(())
                });
            });
            None
        }
    }
}

/// Where a piece is: not asked for, on its way, or loaded.
#[cfg(feature = "split")]
#[derive(Debug, Clone, Copy)]
enum Piece {
    Missing,
    Loading,
    Ready,
}

#[cfg(feature = "split")]
thread_local! {
    static CODE: std::cell::Cell<Piece> = const { std::cell::Cell::new(Piece::Missing) };
}

#[cfg(not(feature = "split"))]
pub fn code(graph: &Graph, steps: &[Step], style: Style, _then: fn(&mut crate::app::App)) -> Option<Code> {
    Some(Code::new(graph, steps, style))
}

/// The split points themselves: the macro writes the import of the piece's loader and the
/// export the splitter moves, with `unsafe` extern blocks of its own.
#[cfg(feature = "split")]
#[allow(unsafe_code, missing_debug_implementations)]
mod pieces {
    use super::*;
    use wasm_split_helpers::wasm_split;

    #[wasm_split(code, preload(code_piece))]
    pub fn code_new(graph: &Graph, steps: &[Step], style: Style) -> Code {
        Code::new(graph, steps, style)
    }
}
