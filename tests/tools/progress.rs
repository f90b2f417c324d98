//! The status dashboard screenshot by headless Chromium, its bar colours counted with Pillow; the
//! .docx 通报 read back by python-docx and LibreOffice.

use crate::support::BUNDLED;
use crate::support::assert_contains;
use crate::support::{planc::planc_ok, temp_dir};
use crate::{CHROMIUM, Check, SOFFICE, python_module, run_tool};
use std::process::Command;

pub const CHECKS: &[Check] = checks!("progress":
    dashboard_renders_in_chromium needs [CHROMIUM, python_module("PIL", "pip install pillow")],
    status_docx_has_real_tables needs [python_module("docx", "pip install python-docx"), SOFFICE],
);

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
}

/// The tables of a Markdown text: rows of cells, the separator rows left out.
fn markdown_tables(md: &str) -> Vec<Vec<Vec<String>>> {
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut current: Vec<Vec<String>> = Vec::new();
    for line in md.lines().chain(std::iter::once("")) {
        if let Some(inner) = line.strip_prefix('|').and_then(|l| l.strip_suffix('|')) {
            let cells: Vec<String> = inner.split('|').map(|c| c.trim().to_string()).collect();
            if !cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| ch == '-' || ch == ':'))
            {
                current.push(cells);
            }
        } else if !current.is_empty() {
            tables.push(std::mem::take(&mut current));
        }
    }
    tables
}

/// The .docx 通报 of the sample history has real Word tables, cell for cell those of the Markdown
/// 通报 (read with python-docx), and LibreOffice opens it.
fn status_docx_has_real_tables() {
    let dir = temp_dir("docx");
    let docx = dir.join("通报.docx");
    planc_ok(&[
        "status",
        BUNDLED,
        "--format",
        "docx",
        "-o",
        docx.to_str().expect("path"),
    ]);
    let md = planc_ok(&["status", BUNDLED, "--format", "md"]).stdout;
    let expected = markdown_tables(&md);
    assert!(expected.len() >= 3, "{md}");
    let script = "import docx, json, sys\n\
        d = docx.Document(sys.argv[1])\n\
        print(json.dumps([[[c.text for c in r.cells] for r in t.rows] for t in d.tables], ensure_ascii=False))\n";
    let out = run_tool(Command::new("python3").args(["-c", script]).arg(&docx));
    let tables: Vec<Vec<Vec<String>>> =
        serde_json::from_slice(&out.stdout).expect("JSON from python-docx");
    assert_eq!(
        tables.len(),
        expected.len(),
        "one Word table per table of the 通报"
    );
    assert_eq!(tables, expected);
    assert_eq!(
        tables[0][0],
        [
            "预警",
            "工作任务",
            "牵头单位",
            "状态",
            "完成进度",
            "序时进度",
            "完成时限",
            "存在问题"
        ]
    );
    let out = dir.join("txt");
    run_tool(
        Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.join("profile").display()
            ))
            .args([
                "--headless",
                "--convert-to",
                "txt:Text (encoded):UTF8",
                "--outdir",
            ])
            .arg(&out)
            .arg(&docx),
    );
    let text = std::fs::read_to_string(out.join("通报.txt")).expect("LibreOffice wrote the text");
    assert_contains(
        &text,
        &[
            "督查通报",
            // A cell of the first table, as LibreOffice reads it.
            "（十一）夯实学位资源供给项目建设工程",
        ],
    );
}
