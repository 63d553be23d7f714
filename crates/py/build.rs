//! `cargo test` runs this crate's tests in an executable that embeds Python: it links
//! libpython, and the rpath lets it find the library where it is (pyenv's folder, say)
//! without LD_LIBRARY_PATH. maturin builds the extension module, which links no libpython,
//! and then this adds nothing.

fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
}
