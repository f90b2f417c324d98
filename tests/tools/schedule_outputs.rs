//! `planc schedule` outputs read back by their real consumers: Python's `icalendar` and khal for
//! ICS, LibreOffice Calc for CSV, the Mermaid CLI for Mermaid, headless Chromium and poppler for
//! the HTML Gantt chart on screen and on paper.

use crate::support::{BUNDLED, SAMPLE, stdout_of};
use crate::support::{Scratch, temp_dir};
use crate::{
    CHROMIUM, Check, KHAL, MERMAID_CLI, PDFINFO, PDFTOTEXT, SOFFICE, pipe_tool, python_module,
    run_tool,
};
use serde_json::Value;
use std::process::{Command, Stdio};

pub const CHECKS: &[Check] = checks!("schedule_outputs":
    ics_parses_with_python_icalendar needs [python_module("icalendar", "pip install icalendar")],
    csv_opens_in_libreoffice_calc_with_the_chinese_intact needs [SOFFICE],
    mermaid_renders_with_the_mermaid_cli_when_available needs [MERMAID_CLI],
    ics_imports_into_khal_with_one_day_per_item needs [KHAL],
    gantt_keeps_its_labels_in_view_while_the_chart_scrolls needs [CHROMIUM],
    gantt_prints_on_a4_landscape_with_nothing_cut needs [CHROMIUM, PDFINFO, PDFTOTEXT],
);

const ICS_CHECK: &str = r#"
import sys, icalendar, datetime
data = sys.stdin.buffer.read()
cal = icalendar.Calendar.from_ical(data)
uids = set()
n = 0
for ev in cal.walk("VEVENT"):
    n += 1
    uid = str(ev["UID"])
    assert uid not in uids, "duplicate UID " + uid
    uids.add(uid)
    s = ev.decoded("DTSTART"); e = ev.decoded("DTEND")
    assert isinstance(s, datetime.date) and not isinstance(s, datetime.datetime), s
    assert e > s, (uid, s, e)
    # One day each: no banner across weeks or the whole year.
    assert e - s == datetime.timedelta(days=1), (uid, s, e)
    assert str(ev["SUMMARY"])
    ev.decoded("DTSTAMP")
for line in data.split(b"\r\n"):
    assert len(line) <= 75, line
assert b"\n" not in data.replace(b"\r\n", b""), "bare LF"
print(n)
"#;

/// The number of events Python's icalendar reads from `text`, after its checks (ICS_CHECK).
fn parse_ics(text: &str) -> Option<usize> {
    let output = pipe_tool(Command::new("python3").args(["-c", ICS_CHECK]), text);
    String::from_utf8_lossy(&output.stdout).trim().parse().ok()
}

fn ics_parses_with_python_icalendar() {
    let text = stdout_of(&["schedule", SAMPLE, "--format", "ics"]);
    // 6 items, 2 milestones, and the occurrences of 推进, which runs from 04-07 (after 方案):
    // 3 quarterly (Q2–Q4) + 2 yearly (4月, 10月) + 9 monthly (April–December).
    let events = parse_ics(&text).expect("icalendar counted the events");
    assert_eq!(events, 6 + 2 + 3 + 2 + 9);
    let bundled = stdout_of(&["schedule", BUNDLED, "--format", "ics"]);
    parse_ics(&bundled);
}

/// Cells of RFC 4180 CSV text (quoted fields, doubled quotes, CRLF or LF records).
fn csv_cells(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// Converts `input` with LibreOffice into `to` (a filter spec) in `dir`, with `infilter` when
/// given; returns the path written.
fn soffice(
    dir: &std::path::Path,
    input: &std::path::Path,
    to: &str,
    infilter: Option<&str>,
) -> std::path::PathBuf {
    let out = dir.join(to.split(':').next().unwrap_or("out"));
    std::fs::create_dir_all(&out).unwrap();
    let mut command = Command::new("soffice");
    command
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .arg("--headless");
    if let Some(filter) = infilter {
        command.arg(format!("--infilter={filter}"));
    }
    let output = run_tool(
        command
            .arg("--convert-to")
            .arg(to)
            .arg("--outdir")
            .arg(&out)
            .arg(input),
    );
    std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .next()
        .unwrap_or_else(|| {
            panic!(
                "soffice wrote nothing: {}",
                String::from_utf8_lossy(&output.stdout)
            )
        })
}

fn csv_opens_in_libreoffice_calc_with_the_chinese_intact() {
    let dir = temp_dir("calc");
    let csv = dir.join("schedule.csv");
    let text = stdout_of(&["schedule", BUNDLED, "--format", "csv"]);
    std::fs::write(&csv, &text).unwrap();
    // The import Calc's text dialog does when UTF-8 is chosen: comma, double quote, UTF-8 (76),
    // from line 1. Then back out of the .xlsx as UTF-8 CSV, cells as shown.
    let xlsx = soffice(&dir, &csv, "xlsx", Some("CSV:44,34,76,1"));
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 0);
    let back = soffice(
        &dir,
        &xlsx,
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        None,
    );
    let read = std::fs::read_to_string(&back).expect("UTF-8 CSV from Calc");
    let (ours, calcs) = (csv_cells(&text), csv_cells(&read));
    assert_eq!(ours.len(), calcs.len(), "rows");
    assert_eq!(ours[0][0], "类型", "the BOM is not part of the first cell");
    for (a, b) in ours.iter().zip(&calcs) {
        assert_eq!(a, b, "a row changed in Calc");
    }
    assert!(read.contains("突出规范为基，完善十大基本制度"));
}

/// Renders Mermaid text with the Mermaid CLI named by `PLANC_MMDC` (with Chromium at
/// `PUPPETEER_EXECUTABLE_PATH`).
fn render_mermaid(text: &str, name: &str) {
    let mmdc = std::env::var_os("PLANC_MMDC").expect("the harness found PLANC_MMDC set");
    let dir = temp_dir(&format!("mmd-{name}"));
    let input = dir.join("in.mmd");
    let config = dir.join("pptr.json");
    std::fs::write(&input, text).unwrap();
    std::fs::write(
        &config,
        r#"{"args":["--no-sandbox","--disable-background-networking"]}"#,
    )
    .unwrap();
    run_tool(
        Command::new(mmdc)
            .arg("-p")
            .arg(&config)
            .arg("-i")
            .arg(&input)
            .arg("-o")
            .arg(dir.join("out.svg")),
    );
}

fn mermaid_renders_with_the_mermaid_cli_when_available() {
    render_mermaid(
        &stdout_of(&["schedule", SAMPLE, "--format", "mermaid"]),
        "gantt",
    );
    render_mermaid(
        &stdout_of(&["schedule", BUNDLED, "--format", "mermaid"]),
        "bundled-gantt",
    );
    render_mermaid(
        &stdout_of(&["graph", SAMPLE, "--format", "mermaid"]),
        "flowchart",
    );
}

/// Runs `khal` with a configuration whose one calendar lives in `dir/cal`.
fn khal(dir: &std::path::Path, args: &[&str]) -> String {
    let config = dir.join("config");
    if !config.exists() {
        std::fs::create_dir_all(dir.join("cal")).unwrap();
        std::fs::write(
            &config,
            format!(
                "[calendars]\n[[plan]]\npath = {}\ntype = calendar\n[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n[default]\ndefault_calendar = plan\n",
                dir.join("cal").display()
            ),
        )
        .unwrap();
    }
    let output = Command::new("khal")
        .arg("-c")
        .arg(&config)
        .args(args)
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .output()
        .expect("khal runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "khal {args:?}: {stderr}");
    assert!(
        !stderr.contains("Error") && !stderr.contains("error"),
        "khal {args:?}: {stderr}"
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn ics_imports_into_khal_with_one_day_per_item() {
    let dir = temp_dir("khal");
    let ics = dir.join("plan.ics");
    let text = stdout_of(&["schedule", BUNDLED, "--format", "ics"]);
    std::fs::write(&ics, &text).unwrap();
    khal(
        &dir,
        &["import", "--batch", "-a", "plan", &ics.to_string_lossy()],
    );
    // khal stores one file per event: every event of the file was taken.
    let stored = std::fs::read_dir(dir.join("cal")).unwrap().count();
    assert_eq!(stored, text.matches("BEGIN:VEVENT").count());
    // Mid-June nothing is due in the bundled plan: before, 59 year-long banners showed that day.
    let june = khal(&dir, &["list", "--format", "{title}", "2020-06-15", "1d"]);
    assert!(
        june.lines().all(|l| !l.contains('（')),
        "items shown on 2020-06-15: {june}"
    );
    // Each item shows on its due day only, as a one-day event.
    let json: Value =
        serde_json::from_str(&stdout_of(&["schedule", BUNDLED, "--format", "json"])).unwrap();
    let item = &json["items"][12];
    let finish = item["finish"].as_str().unwrap();
    let number = item["number"].as_str().unwrap();
    let day = khal(
        &dir,
        &[
            "list",
            "--format",
            "{start-date}|{end-date}|{title}",
            finish,
            "1d",
        ],
    );
    let line = day
        .lines()
        .find(|l| l.contains(number))
        .unwrap_or_else(|| panic!("{number} is not listed on {finish}: {day}"));
    assert_eq!(
        line.split('|').take(2).collect::<Vec<_>>(),
        [finish, finish],
        "{line}"
    );
}

/// Runs headless Chromium on `page` with `args` (a fresh profile in `dir`); returns its output.
fn chromium(dir: &std::path::Path, page: &std::path::Path, args: &[&str]) -> String {
    let output = run_tool(
        Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--window-size=1000,700",
            ])
            .arg(format!("--user-data-dir={}", dir.join("profile").display()))
            .args(args)
            .arg(page),
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The Gantt of the bundled plan written to `dir/gantt.html`.
fn bundled_gantt(dir: &Scratch) -> std::path::PathBuf {
    dir.write(
        "gantt.html",
        stdout_of(&[
            "schedule",
            BUNDLED,
            "--format",
            "html",
            "--today",
            "2020-05-20",
        ]),
    )
}

/// Left, top and width of the first element matching a selector, after scrolling the window
/// to (`x`, `y`): measured in Chromium by a script added to a copy of the page.
fn boxes_after_scrolling(dir: &Scratch, page: &std::path::Path, x: i64, y: i64) -> Value {
    let html = std::fs::read_to_string(page).unwrap();
    let probe = format!(
        "<script>window.scrollTo({x},{y});const r=s=>{{const b=document.querySelector(s).getBoundingClientRect();return [Math.round(b.left),Math.round(b.top),Math.round(b.width)]}};document.body.setAttribute('data-probe',JSON.stringify({{x:scrollX,y:scrollY,labels:r('tbody td.lab'),chart:r('tbody td.chart'),months:r('thead th.months'),corner:r('thead th.lab')}}))</script></body>"
    );
    let probed = dir.write("probe.html", html.replace("</body>", &probe));
    let dom = chromium(dir, &probed, &["--dump-dom"]);
    let start = dom.find("data-probe=\"").expect("the probe ran") + "data-probe=\"".len();
    let end = start + dom[start..].find('"').unwrap();
    serde_json::from_str(&dom[start..end].replace("&quot;", "\"")).expect("probe JSON")
}

fn gantt_keeps_its_labels_in_view_while_the_chart_scrolls() {
    let dir = temp_dir("gantt-scroll");
    let page = bundled_gantt(&dir);
    let before = boxes_after_scrolling(&dir, &page, 0, 0);
    let after = boxes_after_scrolling(&dir, &page, 600, 300);
    // The 1000-pixel window scrolled right and down.
    let scrolled = after["x"].as_i64().unwrap();
    assert!(scrolled > 300, "{after}");
    assert_eq!(after["y"], 300, "{after}");
    // The chart moved left under the label column, which stayed at the window's left edge; the
    // months stayed at its top.
    let chart_left = |v: &Value| v["chart"][0].as_i64().unwrap();
    assert_eq!(
        chart_left(&after),
        chart_left(&before) - scrolled,
        "{after}"
    );
    assert_eq!(after["labels"][0], 0, "labels left the window: {after}");
    assert_eq!(
        after["corner"],
        serde_json::json!([0, 0, before["corner"][2]])
    );
    assert_eq!(after["months"][1], 0, "months left the window: {after}");
    assert_eq!(after["months"][0], chart_left(&after), "{after}");
}

fn gantt_prints_on_a4_landscape_with_nothing_cut() {
    let dir = temp_dir("gantt-print");
    let page = bundled_gantt(&dir);
    let pdf = dir.join("gantt.pdf");
    chromium(
        &dir,
        &page,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or_else(|| panic!("{info}"));
    // 297 × 210 mm, landscape.
    assert!(size.contains("841.9") && size.contains("(A4)"), "{size}");
    let height: f64 = size.split_whitespace().nth(4).unwrap().parse().unwrap();
    assert!((594.0..596.0).contains(&height), "{size}");
    // Every word on its page (the chart scaled to the width), every item listed.
    let bbox = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let bbox = String::from_utf8_lossy(&bbox.stdout);
    let attr = |line: &str, name: &str| -> f64 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[at..at + line[at..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    let mut pages: Vec<Vec<String>> = Vec::new();
    let (mut width, mut height) = (0.0, 0.0);
    for line in bbox.lines().map(str::trim) {
        if line.starts_with("<page ") {
            width = attr(line, "width");
            height = attr(line, "height");
            assert!(width > height, "a portrait page: {line}");
            pages.push(Vec::new());
        } else if line.starts_with("<word ") {
            assert!(
                attr(line, "xMax") <= width + 0.5,
                "cut at the right: {line}"
            );
            assert!(
                attr(line, "yMax") <= height + 0.5,
                "cut at the bottom: {line}"
            );
            let word = &line[line.find('>').unwrap() + 1..line.rfind("</word>").unwrap()];
            pages.last_mut().unwrap().push(word.to_string());
        }
    }
    assert!(pages.len() >= 2, "{} pages", pages.len());
    // The months head every page.
    for words in &pages {
        assert!(words.iter().any(|w| w == "12月"), "{words:?}");
    }
    // Each section's items are on one page (a section fits, so it is not split).
    let json: Value =
        serde_json::from_str(&stdout_of(&["schedule", BUNDLED, "--format", "json"])).unwrap();
    let mut by_section: std::collections::BTreeMap<String, std::collections::BTreeSet<usize>> =
        Default::default();
    for item in json["items"].as_array().unwrap() {
        let number = item["number"].as_str().unwrap();
        let on: Vec<usize> = (0..pages.len())
            .filter(|&p| pages[p].iter().any(|w| w == number))
            .collect();
        assert_eq!(on.len(), 1, "{number} is on pages {on:?}");
        by_section
            .entry(item["section"].as_str().unwrap().to_string())
            .or_default()
            .insert(on[0]);
    }
    for (section, on) in &by_section {
        assert_eq!(on.len(), 1, "section {section} is split over pages {on:?}");
    }
}
