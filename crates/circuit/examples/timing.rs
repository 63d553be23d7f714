//! How long `Layout::new` takes on the seed circuits and a 60-gate random program.
//! `cargo run --release -p circuit --example timing`

#[path = "../tests/common/mod.rs"]
mod common;

fn main() {
    let random = common::random_program(60, 7);
    let seeds = common::SEEDS.iter().copied().chain([("random-60", random.as_str())]);
    for (name, src) in seeds {
        let g = common::compiled(src);
        let start = std::time::Instant::now();
        let runs = 20;
        let mut crossings = 0;
        for _ in 0..runs {
            crossings = circuit::Layout::new(&g, &circuit::Monospace).crossings();
        }
        let each = start.elapsed() / runs;
        let first = circuit::Layout::new(&g, &circuit::Monospace);
        let steps = g.clone().trace();
        let start = std::time::Instant::now();
        for _ in 0..runs {
            std::hint::black_box(first.relayout(&g, &steps, &circuit::Monospace));
        }
        let again = start.elapsed() / runs;
        println!("{name:>14}: {each:>10.2?} per layout, {again:>10.2?} per relayout, {crossings} crossings");
    }
}
