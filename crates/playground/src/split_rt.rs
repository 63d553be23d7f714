//! The page's own runtime for the `#[wasm_split]` macro (`wasm_split_path =
//! crate::split_rt`), and the one task a piece's load needs. The crate's runtime keeps a
//! load in an `async_once_cell::OnceCell` behind `Arc` and `Mutex`, and running its future
//! took `wasm-bindgen-futures`: together about 7 KB of wasm before any piece
//! (docs/pieces.md). Here a loader is two `Cell`s, and a task is polled again when
//! its piece's load calls back. The page's wasm has one thread (it is built without
//! atomics), which is what makes the `Sync` and `Send` below sound.

use std::cell::{Cell, RefCell};
use std::ffi::c_void;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// What the macro's expansion names as `wasm_split_path::rt`.
pub mod rt {
    pub use super::{ensure_loaded, LazySplitLoader, LoadCallbackFn};
}

/// A piece that could not be fetched or instantiated (offline, say): the next call tries
/// again.
#[derive(Debug, Clone, Copy)]
pub struct SplitLoaderError;

/// What the loader's import calls when the piece is instantiated (or failed to be).
pub type LoadCallbackFn = unsafe extern "C" fn(*const c_void, bool);
/// The loader's import (`__wasm_split_load_<name>` in `__wasm_split.js`).
pub type LoadFn = unsafe extern "C" fn(LoadCallbackFn, *const c_void);

/// Where a piece's load is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Idle,
    Loading,
    Loaded,
    Failed,
}

/// One piece's loader, a `static` of the macro's expansion.
pub struct LazySplitLoader {
    load: LoadFn,
    state: Cell<State>,
    waiter: Cell<Option<Waker>>,
}

impl std::fmt::Debug for LazySplitLoader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LazySplitLoader")
    }
}

// SAFETY: one thread (see the module's comment), so no loader is reached from two.
unsafe impl Sync for LazySplitLoader {}

impl LazySplitLoader {
    /// # Safety
    /// `load` must call its callback once per call, with the data it was given.
    pub const unsafe fn new(load: LoadFn) -> Self {
        LazySplitLoader { load, state: Cell::new(State::Idle), waiter: Cell::new(None) }
    }
}

/// Loads the piece unless it is loaded: ready at the first poll when it is.
pub fn ensure_loaded(
    loader: Pin<&'static LazySplitLoader>,
) -> impl Future<Output = Result<(), SplitLoaderError>> {
    let loader = loader.get_ref();
    std::future::poll_fn(move |cx: &mut Context<'_>| match loader.state.get() {
        State::Loaded => Poll::Ready(Ok(())),
        State::Failed => {
            loader.state.set(State::Idle);
            Poll::Ready(Err(SplitLoaderError))
        }
        State::Loading => {
            loader.waiter.set(Some(cx.waker().clone()));
            Poll::Pending
        }
        State::Idle => {
            loader.state.set(State::Loading);
            loader.waiter.set(Some(cx.waker().clone()));
            // SAFETY: the loader import calls `loaded` once, later (it awaits the fetch),
            // with this pointer to a `static`.
            unsafe { (loader.load)(loaded, std::ptr::from_ref(loader).cast()) };
            Poll::Pending
        }
    })
}

unsafe extern "C" fn loaded(data: *const c_void, success: bool) {
    // SAFETY: `data` is the `&'static LazySplitLoader` that `ensure_loaded` passed.
    let loader = unsafe { &*data.cast::<LazySplitLoader>() };
    loader.state.set(if success { State::Loaded } else { State::Failed });
    if let Some(waker) = loader.waiter.take() {
        waker.wake();
    }
}

/// A future run to its end: polled now, and again each time it is woken (by `loaded`,
/// from the loader's promise, so never while it is being polled).
struct Task(RefCell<Option<Pin<Box<dyn Future<Output = ()>>>>>);

// SAFETY: one thread (see the module's comment).
unsafe impl Send for Task {}
// SAFETY: as above.
unsafe impl Sync for Task {}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        poll(&self);
    }
}

fn poll(task: &Arc<Task>) {
    let waker = Waker::from(task.clone());
    let Ok(mut slot) = task.0.try_borrow_mut() else { return };
    if let Some(future) = slot.as_mut() {
        if future.as_mut().poll(&mut Context::from_waker(&waker)).is_ready() {
            *slot = None;
        }
    }
}

/// Runs `future` on the page's thread until it is done.
pub fn spawn(future: impl Future<Output = ()> + 'static) {
    poll(&Arc::new(Task(RefCell::new(Some(Box::pin(future))))));
}
