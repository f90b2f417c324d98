//! The status dashboard screenshot by headless Chromium, its bar colours counted with Pillow.

use crate::support::{planc::planc_ok, temp_dir};
use crate::{CHROMIUM, Check, python_module, run_tool};
use std::process::Command;

pub const CHECKS: &[Check] = &[Check {
    name: "progress::dashboard_renders_in_chromium",
    needs: &[CHROMIUM, python_module("PIL", "pip install pillow")],
    run: dashboard_renders_in_chromium,
}];

/// The dashboard of the bundled plan's sample history, screenshot by headless Chromium: the page
/// must render (a PNG of the window's size) with the bars in their colours.
fn dashboard_renders_in_chromium() {
    let dir = temp_dir("dashboard");
    let html = dir.join("dashboard.html");
    planc_ok(&[
        "status",
        "plans/changzhou-education-2020.plan",
        "--format",
        "dashboard",
        "-o",
        html.to_str().expect("path"),
    ]);
    let page = std::fs::read_to_string(&html).expect("dashboard");
    assert!(!page.contains("<script"), "no script");
    assert_eq!(page.matches("<svg").count(), 4, "four charts");
    let png = dir.join("dashboard.png");
    let status = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--hide-scrollbars",
            "--window-size=1200,1400",
            &format!("--screenshot={}", png.display()),
            &format!("file://{}", html.display()),
        ])
        .output()
        .expect("chromium runs");
    assert!(
        png.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    // Count pixels of the bar colours with Python's Pillow.
    let script = format!(
        "from PIL import Image\nimg = Image.open({:?}).convert('RGB')\nprint(img.size[0], img.size[1])\ncolours = {{(0xc6,0x28,0x28): 0, (0xef,0x8f,0x00): 0, (0x2e,0x7d,0x32): 0, (0x15,0x65,0xc0): 0}}\nfor p in img.getdata():\n    if p in colours: colours[p] += 1\nprint(' '.join(str(colours[c]) for c in colours))\n",
        png.display().to_string()
    );
    let output = run_tool(Command::new("python3").args(["-c", &script]));
    let text = String::from_utf8_lossy(&output.stdout);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("1200 1400"));
    let counts: Vec<usize> = lines
        .next()
        .unwrap_or("")
        .split(' ')
        .filter_map(|n| n.parse().ok())
        .collect();
    assert_eq!(counts.len(), 4, "{text}");
    // Red, amber and green bars and the blue burn-up line are drawn.
    assert!(
        counts.iter().all(|&n| n > 50),
        "bar colours missing: {counts:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
