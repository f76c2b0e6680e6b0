//! Headless Chromium through Debian's chromedriver for the browser tests: a
//! missing browser fails the test (never skips it), so CI cannot pass without one.

use fantoccini::{ClientBuilder, Locator};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const PHONE: (u32, u32) = (390, 844);
pub const DESKTOP: (u32, u32) = (1280, 1024);

/// One Chromium at a time: several at once starve the timing-sensitive worker
/// tests that share this binary (and the machine).
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub struct Driver {
    child: Child,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn type_into(b: &fantoccini::Client, css: &str, text: &str) {
    b.find(Locator::Css(css))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

pub async fn click(b: &fantoccini::Client, css: &str) {
    b.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub async fn browser() -> (Driver, fantoccini::Client) {
    browser_with(true).await
}

pub async fn browser_with(javascript: bool) -> (Driver, fantoccini::Client) {
    launch(Launch {
        javascript,
        ..Launch::default()
    })
    .await
}

/// How to start the browser: scripts on or off, the window, the zone its
/// `Intl` reports (chromedriver and Chromium take it from `TZ`).
pub struct Launch {
    pub javascript: bool,
    pub size: (u32, u32),
    pub zone: Option<&'static str>,
}

impl Default for Launch {
    fn default() -> Self {
        Self {
            javascript: true,
            size: DESKTOP,
            zone: None,
        }
    }
}

pub async fn launch(how: Launch) -> (Driver, fantoccini::Client) {
    let turn = ONE_BROWSER.lock().await;
    let javascript = how.javascript;
    let port = free_port();
    let mut command = Command::new(
        std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into()),
    );
    if let Some(zone) = how.zone {
        command.env("TZ", zone);
    }
    let driver = Driver {
        child: command
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (apt-get install chromium-driver)"),
        _turn: turn,
    };
    let profile = tempfile::tempdir().unwrap().keep();
    let mut caps = serde_json::Map::new();
    let mut options = serde_json::json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", format!("--window-size={},{}", how.size.0, how.size.1),
                // Bootstrap scrolls smoothly otherwise, and a click can land mid-scroll.
                "--force-prefers-reduced-motion",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": { "profile.managed_default_content_settings.javascript": if javascript { 1 } else { 2 } }
    });
    // A window is at least 500 pixels wide; a phone's viewport is emulated.
    if how.size.0 < 500 {
        options["mobileEmulation"] = serde_json::json!({
            "deviceMetrics": { "width": how.size.0, "height": how.size.1, "pixelRatio": 1.0, "touch": true }
        });
    }
    caps.insert("goog:chromeOptions".into(), options);
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        if let Ok(client) = ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            return (driver, client);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start on {url}");
}

pub fn screenshot_path(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}
