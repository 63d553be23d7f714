//! The circuit on a canvas: the painter the page (crates/playground) and the
//! `<backprop-circuit>` element (crates/js) share. [`View`] holds a canvas, its layout and
//! the pan and zoom transform, and draws a frame of a [`circuit::Scene`]; `pen` turns the
//! display list's items into 2D-context calls. Web only (web-sys); on other targets the
//! crate is empty, so the workspace's native builds and clippy pass over it.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
mod pen;
#[cfg(target_arch = "wasm32")]
mod view;

#[cfg(target_arch = "wasm32")]
pub use view::View;
