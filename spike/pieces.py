#!/usr/bin/env python3
"""Opens the built page (dist/) in headless Chromium over WebDriver and checks that the
Code panel's piece is fetched only when the panel is opened, and that the panel then shows
its lines. Usage: spike/pieces.py DIST [LANG] [SCREENSHOT.png]. Standard library only;
Debian's chromedriver and chromium; everything on 127.0.0.1."""
import base64, json, subprocess, sys, time, urllib.request

dist = sys.argv[1]
lang = sys.argv[2] if len(sys.argv) > 2 else "en"
shot = sys.argv[3] if len(sys.argv) > 3 else None
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--window-size=1280,860"]

def call(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())["value"]

sid = None
server = subprocess.Popen([sys.executable, "-m", "http.server", "8766", "--bind", "127.0.0.1", "--directory", dist],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
driver = subprocess.Popen(["chromedriver", "--port=9516"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    time.sleep(1.5)
    wd = "http://127.0.0.1:9516"
    sid = call("POST", wd + "/session", {"capabilities": {"alwaysMatch": {
        "goog:chromeOptions": {"args": FLAGS, "binary": "/usr/bin/chromium"}}}})["sessionId"]
    s = f"{wd}/session/{sid}"
    js = lambda code: call("POST", s + "/execute/sync", {"script": code, "args": []})
    def wait(what, code, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            if js(code):
                return
            time.sleep(0.1)
        raise SystemExit(f"timed out waiting for {what}")
    wasm = "return performance.getEntriesByType('resource').map(e => e.name.split('/').pop()).filter(n => n.endsWith('.wasm'))"
    call("POST", s + "/url", {"url": f"http://127.0.0.1:8766/index.html?lang={lang}#ex=fxyz"})
    wait("the first circuit", "return performance.getEntriesByName('first-circuit').length > 0")
    time.sleep(1)
    before = js(wasm)
    js("document.getElementById('code').click()")
    wait("the Code panel's lines", "const ol = document.getElementById('code-lines'); return ol && ol.children.length > 0")
    after = js(wasm)
    lines = js("return Array.from(document.getElementById('code-lines').children).slice(0, 3).map(li => li.textContent)")
    crash = js("return !document.getElementById('crash').hidden")
    if shot:
        open(shot, "wb").write(base64.b64decode(call("GET", s + "/screenshot")))
    print(json.dumps({"lang": lang, "before": before, "after": after, "first_lines": lines, "crash": crash}, ensure_ascii=False))
    ok = not any(n.startswith("split_") for n in before) and any(n.startswith("split_") for n in after) and not crash
    sys.exit(0 if ok else 1)
finally:
    # Ends the browser too, also when a wait timed out.
    if sid:
        call("DELETE", f"http://127.0.0.1:9516/session/{sid}")
    driver.terminate(); server.terminate()
