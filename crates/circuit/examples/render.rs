//! Renders the seed circuits to `<dir>/circuit-<name>.svg` (default /tmp), for looking at.
//! `cargo run -p circuit --example render -- /tmp`

#[path = "../tests/common/mod.rs"]
mod common;

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "/tmp".to_string());
    let random = common::random_program(60, 7);
    for (name, src) in common::SEEDS.iter().copied().chain([("random-60", random.as_str())]) {
        let g = common::compiled(src);
        let path = format!("{dir}/circuit-{name}.svg");
        std::fs::write(&path, circuit::render_svg(&g))?;
        println!("{path}");
    }
    Ok(())
}
