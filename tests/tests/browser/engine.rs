//! What the page should show, computed by the engine crate the page is built on: the
//! page's own program text and input values in, the exact numbers out.

use std::collections::BTreeMap;

use autodiff::Graph;
use e2e::{Page, Row};

/// The engine's graph for the page's program at the page's input values, and the rows
/// the values table must hold: name -> (value, gradient).
#[derive(Debug)]
pub struct Expected {
    pub graph: Graph,
    pub rows: BTreeMap<String, (f64, f64)>,
    /// The output's row name: its name, or "output" for a bare expression (contract).
    pub output: String,
}

impl Expected {
    /// Compiles `program` and sets the engine's inputs to the page's input rows; with
    /// every σ gate expanded into cs231n's primitive gates when `expand_sigma` (what the
    /// page draws after "Expand σ gates").
    pub fn try_new(
        program: &str,
        page_rows: &BTreeMap<String, Row>,
        expand_sigma: bool,
    ) -> Result<Expected, String> {
        let mut graph = autodiff::compile(program).map_err(|e| {
            format!("the engine rejects the page's program: {}\n{program}", e.located(program))
        })?;
        for row in page_rows.values().filter(|r| r.is_input()) {
            let value: f64 = row.value.as_deref().and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
            graph.set_input(&row.name, value).map_err(|e| {
                format!("page input row {:?} is not an input of the program: {e:?}", row.name)
            })?;
        }
        graph.recompute();
        if expand_sigma {
            graph = graph.expanded(|id| graph.op(id) == autodiff::Op::Sigmoid).graph;
            graph.recompute();
        }
        let mut rows = BTreeMap::new();
        for (name, id) in graph.named() {
            rows.insert(name.clone(), (graph.value(*id), graph.grad(*id)));
        }
        let out = graph.output().ok_or("the program has no output")?;
        let output = match graph.name(out) {
            Some(n) => n.to_string(),
            None => {
                rows.insert("output".into(), (graph.value(out), graph.grad(out)));
                "output".into()
            }
        };
        Ok(Expected { graph, rows, output })
    }

    /// Every way the page's table differs from the engine (empty when it agrees): the
    /// same set of rows, and each `data-value`/`data-grad` the same f64 (the contract
    /// promises exact numbers).
    pub fn mismatches(&self, page_rows: &BTreeMap<String, Row>) -> Vec<String> {
        let mut out = Vec::new();
        for name in self.rows.keys().filter(|n| !page_rows.contains_key(*n)) {
            out.push(format!("row {name:?} missing from #values"));
        }
        for name in page_rows.keys().filter(|n| !self.rows.contains_key(*n)) {
            out.push(format!("row {name:?} in #values is no input or named value of the program"));
        }
        for (name, &(value, grad)) in &self.rows {
            let Some(row) = page_rows.get(name) else { continue };
            for (attr, got, want) in [("data-value", &row.value, value), ("data-grad", &row.grad, grad)] {
                let parsed = got.as_deref().and_then(|s| s.parse::<f64>().ok());
                let same = parsed.is_some_and(|g| g == want || (g.is_nan() && want.is_nan()));
                if !same {
                    out.push(format!("{name}: {attr}={got:?}, engine says {want:?}"));
                }
            }
        }
        out
    }
}

/// Waits until the page's table agrees with the engine for the page's program (the page
/// may still be rebuilding after a change), and returns that agreement.
pub async fn wait_matches_engine(page: &Page, what: &str) -> (String, BTreeMap<String, Row>, Expected) {
    wait_matches_engine_with(page, what, false).await
}

/// As `wait_matches_engine`, against the σ-expanded graph when `expand_sigma`.
pub async fn wait_matches_engine_with(
    page: &Page,
    what: &str,
    expand_sigma: bool,
) -> (String, BTreeMap<String, Row>, Expected) {
    let (program, rows, _) = page
        .wait_for(
            &format!("#values to match the engine for the page's program ({what})"),
            async || {
                let program = page.program().await;
                let rows = page.values().await;
                let problems = match Expected::try_new(&program, &rows, expand_sigma) {
                    Ok(e) => e.mismatches(&rows),
                    Err(e) => vec![e],
                };
                (program, rows, problems)
            },
            |(_, _, problems)| problems.is_empty(),
        )
        .await;
    let expected = Expected::try_new(&program, &rows, expand_sigma).unwrap_or_else(|e| panic!("{e}"));
    (program, rows, expected)
}

/// `|got - want| <= tol` with a message naming the row.
pub fn assert_close(what: &str, got: f64, want: f64, tol: f64) {
    assert!((got - want).abs() <= tol, "{what}: page shows {got}, reference value {want} (± {tol})");
}

/// The row `name`, or a panic listing the rows there are.
pub fn row<'a>(rows: &'a BTreeMap<String, Row>, name: &str) -> &'a Row {
    rows.get(name).unwrap_or_else(|| {
        panic!("no row <tr data-name={name:?}> in #values; rows: {:?}", rows.keys().collect::<Vec<_>>())
    })
}
