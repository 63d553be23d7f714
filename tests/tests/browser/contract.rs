//! docs/page-contract.md, table "Accessible names and ids", checked element by element
//! so a failure names the line that broke.

use e2e::Page;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accessible_names_and_ids_follow_the_contract() {
    let page = Page::new().await;
    page.open("").await;
    let mut broken = Vec::new();

    // Labelled controls: the accessible name Chromium computes, as a screen reader gets it.
    for (css, name) in [
        ("#example", "Example"),
        ("#program", "Program"),
        ("#speed", "Speed"),
        ("#timeline", "Timeline"),
        ("#h", "h"),
        ("#eta", "Step size η"),
    ] {
        match page.driver().find(thirtyfour::By::Css(css)).await {
            Ok(el) => {
                let got = page.accessible_name(&el).await;
                if got.trim() != name {
                    broken.push(format!("{css}: accessible name {got:?}, contract says {name:?}"));
                }
            }
            Err(_) => broken.push(format!("{css}: missing")),
        }
    }
    let shape = page
        .js("const q = s => document.querySelector(s);
             const attr = (s, a) => q(s) ? q(s).getAttribute(a) : null;
             return {
               example: q('select#example') !== null,
               program: q('textarea#program') !== null,
               error_role: attr('div#error', 'role'),
               canvas_tabindex: attr('canvas#circuit', 'tabindex'),
               canvas_label: attr('canvas#circuit', 'aria-label'),
               caption: q('table#values caption') ? q('table#values caption').textContent.trim() : null,
               headers: Array.from(document.querySelectorAll('table#values th')).map(th => th.textContent.trim()),
               speed_type: attr('input#speed', 'type'),
               timeline_type: attr('input#timeline', 'type'),
               narration_live: attr('p#narration', 'aria-live'),
               log: q('ol#narration-log') !== null,
               gate_panel: q('section#gate-panel') !== null,
               numeric: q('section#numeric') !== null,
               eta_type: attr('input#eta', 'type'),
               step_result: q('p#step-result') !== null,
               input_rows: Array.from(document.querySelectorAll('#values tr[data-name] input')).map(i =>
                 [i.closest('tr').getAttribute('data-name'), i.type, i.getAttribute('aria-label')]),
               grad_cells: document.querySelectorAll('#values tr[data-name] .grad').length,
               rows: document.querySelectorAll('#values tr[data-name]').length,
             };")
        .await;
    let mut expect = |what: &str, ok: bool, detail: String| {
        if !ok {
            broken.push(format!("{what}: {detail}"));
        }
    };
    expect("<select id=example>", shape["example"] == true, "missing".into());
    expect("<textarea id=program>", shape["program"] == true, "missing".into());
    expect(
        "<div id=error role=alert>",
        shape["error_role"] == "alert",
        format!("role {}", shape["error_role"]),
    );
    expect(
        "<canvas id=circuit tabindex=0>",
        shape["canvas_tabindex"] == "0",
        format!("tabindex {}", shape["canvas_tabindex"]),
    );
    let label = shape["canvas_label"].as_str().unwrap_or_default();
    expect(
        "canvas aria-label \"Circuit: f = -12, 2 gates ...\"",
        label.starts_with("Circuit: f = -12") && label.contains("2 gates"),
        format!("{label:?}"),
    );
    expect(
        "<caption>Values and gradients</caption>",
        shape["caption"] == "Values and gradients",
        format!("{}", shape["caption"]),
    );
    let headers: Vec<String> = serde_json::from_value(shape["headers"].clone()).unwrap_or_default();
    expect(
        "header cells name, value, gradient",
        ["name", "value", "gradient"].iter().all(|h| headers.iter().any(|g| g == h)),
        format!("{headers:?}"),
    );
    expect("<input type=range id=speed>", shape["speed_type"] == "range", format!("{}", shape["speed_type"]));
    expect(
        "<input type=range id=timeline>",
        shape["timeline_type"] == "range",
        format!("{}", shape["timeline_type"]),
    );
    expect(
        "<p id=narration aria-live=polite>",
        shape["narration_live"] == "polite",
        format!("{}", shape["narration_live"]),
    );
    expect("<ol id=narration-log>", shape["log"] == true, "missing".into());
    expect("<section id=gate-panel>", shape["gate_panel"] == true, "missing".into());
    expect("<section id=numeric>", shape["numeric"] == true, "missing".into());
    expect("<input id=eta type=number>", shape["eta_type"] == "number", format!("{}", shape["eta_type"]));
    expect("<p id=step-result>", shape["step_result"] == true, "missing".into());
    let inputs: Vec<(String, String, Option<String>)> =
        serde_json::from_value(shape["input_rows"].clone()).unwrap_or_default();
    let want: Vec<(String, String, Option<String>)> =
        ["x", "y", "z"].iter().map(|n| (n.to_string(), "number".to_string(), Some(n.to_string()))).collect();
    let mut got_sorted = inputs.clone();
    got_sorted.sort();
    expect("input rows hold <input type=number aria-label=name>", got_sorted == want, format!("{inputs:?}"));
    expect(
        "the gradient cell has class grad",
        shape["grad_cells"] == shape["rows"],
        format!("{} of {}", shape["grad_cells"], shape["rows"]),
    );

    for name in [
        "Play",
        "Step back",
        "Step forward",
        "Restart",
        "Step downhill",
        "Step uphill",
        "Copy link",
        "Download SVG",
        "Download PNG",
    ] {
        let xpath = format!("//button[normalize-space(.)='{name}']");
        match page.driver().find(thirtyfour::By::XPath(xpath.as_str())).await {
            Ok(b) => {
                let got = page.accessible_name(&b).await;
                if got.trim() != name {
                    broken.push(format!("button {name:?}: accessible name {got:?}"));
                }
            }
            Err(_) => broken.push(format!("button {name:?}: missing")),
        }
    }
    // The expand control shows only for a program with a sigmoid.
    let expand = page
        .js("return Array.from(document.querySelectorAll('button')).some(b =>
               b.textContent.trim() === 'Expand σ gates' && b.offsetParent !== null)")
        .await;
    if expand == true {
        broken.push("button \"Expand σ gates\" is shown for f = (x + y) z, which has no sigmoid".into());
    }

    assert!(broken.is_empty(), "docs/page-contract.md is not met:\n  {}", broken.join("\n  "));
    page.finish().await;
}
