//! The server over real HTTP, as a browser meets it: the policy and exact types on every
//! response, gzip when asked, the request log, the tally, and the bench's POSTs.

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use page_host::{Options, Post, Server, CSP};

/// A folder with a page, a script, a wasm file and an image.
fn site(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("page-host-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    for (file, body) in [
        ("index.html", "<!doctype html><html><head><title>t</title></head><body>hi</body></html>".as_bytes()),
        ("app.js", "console.log('app');\n".repeat(50).as_bytes()),
        ("mini.wasm", b"\0asm\x01\0\0\0"),
        ("icon.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    ] {
        std::fs::write(dir.join(file), body).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

async fn get(url: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
}

#[tokio::test]
async fn every_response_carries_the_csp_and_the_exact_type_and_is_logged() {
    let root = site("types");
    let server = Server::start(&root).unwrap_or_else(|e| panic!("{e}"));
    for (path, mime) in [
        ("/mini.wasm", "application/wasm"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/icon.svg", "image/svg+xml"),
        ("/", "text/html; charset=utf-8"),
    ] {
        let response = get(&format!("{}{path}", server.origin()), &[]).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "content-type"), mime, "{path}");
        assert_eq!(header(&response, "content-security-policy"), CSP, "{path}");
        assert_eq!(header(&response, "x-content-type-options"), "nosniff", "{path}");
    }
    let missing = get(&format!("{}/nope.js", server.origin()), &[]).await;
    assert_eq!(missing.status(), 404);
    assert_eq!(header(&missing, "content-security-policy"), CSP);
    let post = reqwest::Client::new().post(format!("{}/app.js", server.origin())).body("x").send().await;
    assert_eq!(post.map(|r| r.status().as_u16()).ok(), Some(405), "POSTs are refused unless asked for");
    assert_eq!(server.requests(), ["/mini.wasm", "/app.js", "/icon.svg", "/", "/nope.js", "/app.js"]);
    std::fs::remove_dir_all(&root).unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn gzips_text_and_wasm_only_when_the_request_accepts_it() {
    let root = site("gzip");
    let server = Server::start(&root).unwrap_or_else(|e| panic!("{e}"));
    let url = format!("{}/app.js", server.origin());
    let plain = get(&url, &[]).await;
    assert_eq!(header(&plain, "content-encoding"), "");
    let plain = plain.bytes().await.unwrap_or_else(|e| panic!("{e}"));
    let gzipped = get(&url, &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(header(&gzipped, "content-encoding"), "gzip");
    let gzipped = gzipped.bytes().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(gzipped.len() < plain.len() / 4, "{} of {} bytes", gzipped.len(), plain.len());
    let mut inflated = Vec::new();
    flate2::read::GzDecoder::new(&gzipped[..]).read_to_end(&mut inflated).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(inflated, plain);
    let wasm = get(&format!("{}/mini.wasm", server.origin()), &[("accept-encoding", "gzip")]).await;
    assert_eq!(header(&wasm, "content-encoding"), "gzip");
    std::fs::remove_dir_all(&root).unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn a_tally_server_puts_the_tally_first_and_serves_it_and_the_frame_page() {
    let root = site("tally");
    let server = Server::start_with_tally(&root).unwrap_or_else(|e| panic!("{e}"));
    let page = get(&format!("{}/", server.origin()), &[]).await.text().await.unwrap_or_default();
    let tag = format!("<script src=\"{}\"></script>", page_host::server::TALLY_PATH);
    assert!(page.starts_with(&format!("<!doctype html><html><head>{tag}<title>")), "{page}");
    let tally = get(&format!("{}{}", server.origin(), page_host::server::TALLY_PATH), &[]).await;
    assert_eq!(header(&tally, "content-type"), "text/javascript; charset=utf-8");
    assert_eq!(tally.text().await.unwrap_or_default(), page_host::server::TALLY_JS);
    let frame = get(&format!("{}{}", server.origin(), page_host::server::FRAME_PATH), &[]).await;
    let frame = frame.text().await.unwrap_or_default();
    assert!(frame.contains("<iframe id=phone") && frame.contains(&tag), "{frame}");
    std::fs::remove_dir_all(&root).unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn the_bench_server_is_cross_origin_isolated_and_hands_over_posts() {
    let root = site("bench");
    let options = Options { cross_origin_isolated: true, accept_posts: true, ..Options::default() };
    let server = Server::start_with(&root, options).unwrap_or_else(|e| panic!("{e}"));
    let page = get(&format!("{}/", server.origin()), &[]).await;
    assert_eq!(header(&page, "cross-origin-opener-policy"), "same-origin");
    assert_eq!(header(&page, "cross-origin-embedder-policy"), "require-corp");
    assert_eq!(header(&page, "content-security-policy"), CSP);
    let posted = reqwest::Client::new()
        .post(format!("{}/results", server.origin()))
        .body("{\"workload\":\"W1\"}\n")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(posted.status(), 204);
    assert_eq!(
        server.recv_post(Duration::from_secs(5)),
        Some(Post { target: "/results".into(), body: "{\"workload\":\"W1\"}\n".into() })
    );
    assert_eq!(server.recv_post(Duration::from_millis(10)), None);
    std::fs::remove_dir_all(&root).unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn a_server_for_another_page_sends_the_policy_it_is_given_on_every_response() {
    let root = site("deck");
    let policy = "default-src 'self'; font-src 'self' data:";
    let server = Server::start_with(&root, Options { csp: Some(policy), ..Options::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    for path in ["/", "/app.js", "/nope.js"] {
        let response = get(&format!("{}{path}", server.origin()), &[]).await;
        assert_eq!(header(&response, "content-security-policy"), policy, "{path}");
    }
    std::fs::remove_dir_all(&root).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_dropped_server_stops_answering() {
    let root = site("drop");
    let server = Server::start(&root).unwrap_or_else(|e| panic!("{e}"));
    let addr = server.origin().trim_start_matches("http://").to_string();
    assert!(std::net::TcpStream::connect(&addr).is_ok());
    drop(server);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect(&addr).is_ok() {
        assert!(std::time::Instant::now() < deadline, "{addr} still accepts connections");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::fs::remove_dir_all(&root).unwrap_or_else(|e| panic!("{e}"));
}
