//! A neuron that learns (issue 5): the preset trains a sigmoid neuron on 16 points; the
//! loss goes down over 50 steps, the circuit follows the weights, and any point can be
//! opened as a circuit with its gradients.

use e2e::{Key, Page};
use serde_json::json;

use crate::classroom::shown;
use crate::engine::{row, wait_matches_engine};

/// The training status: (step, loss, [w0, w1, b]) read from `#train-status`.
async fn status(page: &Page) -> (usize, f64, [f64; 3]) {
    let v = page
        .js("const s = document.getElementById('train-status');
             return s ? [s.textContent, s.getAttribute('data-loss')] : null")
        .await;
    let (text, loss): (String, String) =
        serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("no #train-status ({e}): {v}"));
    // "step 3: loss 0.41, w0 = -0.2, w1 = 0.9, b = 0.4"
    let num = |after: &str| -> f64 {
        let rest = text.split(after).nth(1).unwrap_or_else(|| panic!("no {after:?} in {text:?}"));
        let end = rest.find([',', ':']).unwrap_or(rest.len());
        rest[..end].trim().parse().unwrap_or_else(|e| panic!("{after:?} in {text:?}: {e}"))
    };
    let loss: f64 = loss.parse().unwrap_or_else(|e| panic!("data-loss {loss:?}: {e}"));
    (num("step ") as usize, loss, [num("w0 = "), num("w1 = "), num("b = ")])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_neuron_learns_and_each_step_is_a_circuit() {
    let page = Page::new().await;
    page.open("").await;
    assert!(!shown(&page, "#train-panel").await, "the panel belongs to the preset");
    page.choose_example("learn").await;
    wait_matches_engine(&page, "the learning preset").await;
    assert!(shown(&page, "#train-panel").await);
    // The trainer is the panel's piece, fetched when the preset is first chosen.
    page.wait_js("the trainer's status", "return document.getElementById('train-status').textContent !== ''")
        .await;
    let (step, first, _) = status(&page).await;
    assert_eq!(step, 0);
    let blank = page.js("return document.getElementById('loss').toDataURL()").await;

    // 50 steps with the Step button, by keyboard: the loss goes down.
    page.focus("#train-step").await;
    let mut losses = vec![first];
    for k in 1..=50 {
        page.press(Key::Enter).await;
        let (step, loss, w) =
            page.wait_for(&format!("step {k}"), async || status(&page).await, |s| s.0 == k).await;
        assert_eq!(step, k);
        losses.push(loss);
        if k % 10 == 0 {
            // The circuit shows point 1 with the trained weights, and its gradients.
            let (_, rows, _) = wait_matches_engine(&page, &format!("the circuit after step {k}")).await;
            for (name, want) in ["w0", "w1", "b"].into_iter().zip(w) {
                let got = row(&rows, name).value();
                assert!(
                    (got - want).abs() <= 1e-3 * want.abs().max(1.0),
                    "{name} = {got}, status says {want}"
                );
            }
        }
    }
    let last = losses[50];
    assert!(last < 0.5 * first, "the loss after 50 steps ({last}) is not well below the first ({first})");
    let ups = losses.windows(2).filter(|w| w[1] > w[0] + 1e-12).count();
    assert_eq!(ups, 0, "the loss went up during full-batch descent at the preset's rate: {losses:?}");
    let curve = page.js("return document.getElementById('loss').toDataURL()").await;
    assert_ne!(curve, blank, "the loss curve was not drawn");

    // Train runs on its own until paused.
    page.click_button("Train").await;
    page.wait_for("training to run", async || status(&page).await.0, |s| *s >= 60).await;
    page.click_button("Pause").await;
    let paused = status(&page).await.0;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(status(&page).await.0, paused, "Pause stops the steps");
    page.screenshot("train").await;

    // Another point as the circuit: point 9 is class 0, so its loss is -log(1 - p).
    page.focus("#train-point").await;
    page.js("const i = document.getElementById('train-point'); i.value = '9'; i.dispatchEvent(new Event('change', {bubbles: true}))")
        .await;
    let program =
        page.wait_for("point 9's program", async || page.program().await, |p| p.contains("x0 = -1")).await;
    assert!(program.contains("loss = -log(1 - p)"), "{program}");
    let (_, rows, _) = wait_matches_engine(&page, "point 9").await;
    let (_, _, w) = status(&page).await;
    assert!((row(&rows, "w0").value() - w[0]).abs() <= 1e-3 * w[0].abs().max(1.0));
    assert_eq!(page.js("return document.getElementById('train').textContent").await, json!("Train"));
    page.finish().await;
}
