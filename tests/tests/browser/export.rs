//! Export and the screenshots kept for review.

use std::time::Duration;

use e2e::Page;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn download_svg_produces_an_svg() {
    let page = Page::new().await;
    page.open("").await;
    // Catch the download instead of letting Chromium save it: whatever the page hands to
    // URL.createObjectURL (a Blob) or to an <a download> (a data: URL) is recorded, and
    // the anchor click is swallowed so no file lands on disk.
    page.js("window.__downloads = [];
         const create = URL.createObjectURL.bind(URL);
         URL.createObjectURL = function (obj) {
           if (obj instanceof Blob) obj.text().then(t => window.__downloads.push(t));
           return create(obj);
         };
         HTMLAnchorElement.prototype.click = function () {
           window.__downloads.push('anchor ' + this.download + ' ' + this.href.slice(0, 40));
           if (this.href.startsWith('data:')) {
             const [head, data] = this.href.split(',', 2);
             window.__downloads.push(head.includes('base64') ? atob(data) : decodeURIComponent(data));
           }
         };")
        .await;
    page.click_button("Download SVG").await;
    let svg = page
        .wait_js(
            "Download SVG to hand over an <svg> document",
            "return (window.__downloads || []).find(t => t.includes('<svg')) || null",
        )
        .await;
    let svg = svg.as_str().unwrap_or_default();
    assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""), "the SVG has no SVG namespace");
    assert!(svg.contains("-12"), "the SVG does not show f = -12");
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screenshots_for_review() {
    let page = Page::new().await;
    page.open("").await;
    page.settled_canvas().await;
    page.screenshot("light-desktop").await;

    page.cdp(
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    page.settled_canvas().await;
    page.screenshot("dark-desktop").await;
    page.cdp("Emulation.setEmulatedMedia", json!({"features": []})).await;

    page.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": true}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    page.settled_canvas().await;
    page.screenshot("narrow-375").await;
    for css in ["#circuit", "#values", "#program"] {
        page.element(css).await.scroll_into_view().await.ok();
        let shown = page.element(css).await.is_displayed().await.unwrap_or(false);
        assert!(shown, "{css} is not displayed at 375 px wide");
    }
    page.cdp("Emulation.clearDeviceMetricsOverride", json!({})).await;

    page.play_until_mid_animation().await;
    page.screenshot("mid-animation").await;
    page.finish().await;
}
