//! `planc lsp` driven as an editor drives it: the real binary spawned, JSON-RPC over its standard
//! input and output with `Content-Length` framing written here (not the server's own library), and
//! every answer checked against what the bundled plan (plans/changzhou-education-2020.plan and the
//! six files it includes) and `planc check` say.

use crate::support::assert_contains;
use crate::support::{root, temp_dir};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications (and requests from the server) read while waiting for something else.
    backlog: VecDeque<Value>,
    next_id: i64,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

impl Client {
    fn start(root: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_planc"))
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("planc lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            backlog: VecDeque::new(),
            next_id: 1,
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "capabilities": {},
            }),
        );
        assert_eq!(
            result["capabilities"]["positionEncoding"], "utf-16",
            "{result}"
        );
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("no message from planc lsp in time"),
            Err(RecvTimeoutError::Disconnected) => panic!("planc lsp closed its output"),
        }
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + PATIENCE;
        loop {
            let message = self.next(deadline);
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.backlog.push_back(message);
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// The next diagnostics published for `uri` that satisfy `wanted`.
    fn diagnostics(&mut self, uri: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + PATIENCE;
        let matches = |message: &Value| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && wanted(&message["params"])
        };
        if let Some(at) = self.backlog.iter().position(matches) {
            return self
                .backlog
                .remove(at)
                .map(|m| m["params"].clone())
                .unwrap_or_default();
        }
        loop {
            let message = self.next(deadline);
            if matches(&message) {
                return message["params"].clone();
            }
            self.backlog.push_back(message);
        }
    }

    fn open(&mut self, path: &Path, text: &str) -> String {
        let uri = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plan", "version": 1, "text": text}}),
        );
        uri
    }

    fn open_file(&mut self, path: &Path) -> (String, String) {
        let text = std::fs::read_to_string(path).expect("read plan");
        (self.open(path, &text), text)
    }

    /// A server started in the crate root with `plans/FILE` (a file of the bundled plan) open:
    /// the client, the file's URI and its text.
    fn on_bundled(file: &str) -> (Client, String, String) {
        let mut client = Client::start(root());
        let (uri, text) = client.open_file(&root().join("plans").join(file));
        (client, uri, text)
    }

    fn at(&mut self, method: &str, uri: &str, line: usize, character: usize) -> Value {
        self.request(
            method,
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    }

    fn stop(mut self) {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(status.success(), "planc lsp exited with {status}");
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("planc lsp did not exit after `exit`");
    }
}

/// The 0-based line and UTF-16 column of the first occurrence of `needle` in `text` after the
/// first occurrence of `after`.
fn find(text: &str, after: &str, needle: &str) -> (usize, usize) {
    let from = text.find(after).expect("anchor in text");
    let at = from + text[from..].find(needle).expect("needle in text");
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    (line, text[line_start..at].encode_utf16().count())
}

fn hover_text(result: &Value) -> String {
    result["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// A plan whose error comes after 𠮷 (outside the BMP: two UTF-16 code units, one character) on
/// its line: the range must count UTF-16 units. Fixing it with an incremental change (its range in
/// UTF-16 too) publishes the empty list for the new version.
#[test]
fn diagnostics_count_utf16_and_clear_after_a_fix() {
    let dir = temp_dir("fix");
    let path = dir.join("测试.plan");
    let text = "计划 \"测试\" {\n  期间 2020\n}\n部门 办公室\n部分 甲 \"𠮷部分\" {\n  事项 乙 \"标题\" {\n    牵头 办公室\n    正文 \"𠮷 {未知}\"\n    时限 年内\n  }\n}\n";
    std::fs::write(&path, text).expect("write plan");
    let mut client = Client::start(&dir);
    let uri = client.open(&path, text);
    let published = client.diagnostics(&uri, |_| true);
    let list = published["diagnostics"].as_array().expect("a list");
    assert_eq!(list.len(), 1, "{published}");
    let diagnostic = &list[0];
    assert_eq!(diagnostic["code"], "planc::undefined_target");
    assert_eq!(diagnostic["severity"], 1);
    // `    正文 "𠮷 {`: 4 + 2 + 1 + 1 + 2 (𠮷) + 1 = 11 UTF-16 units (10 characters).
    assert_eq!(
        diagnostic["range"],
        json!({"start": {"line": 7, "character": 11}, "end": {"line": 7, "character": 15}})
    );
    assert!(
        diagnostic["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("`未知` is not a target or recurrence")),
        "{diagnostic}"
    );
    // The fix: `未知` (UTF-16 columns 12..14) becomes a literal word.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{
                "range": {"start": {"line": 7, "character": 11}, "end": {"line": 7, "character": 15}},
                "text": "若干"
            }]
        }),
    );
    let fixed = client.diagnostics(&uri, |p| p["version"] == 2);
    assert_eq!(fixed["diagnostics"], json!([]), "{fixed}");
    // The server's text is the edited one: hovering 乙 reads the new state.
    let hover = client.at("textDocument/hover", &uri, 5, 6);
    assert!(hover_text(&hover).contains("（一）标题"), "{hover}");
    client.stop();
}

/// Every diagnostic `planc check --format json` gives for the broken plans under tests/cases, the
/// server gives too: same code, place and message, the labels and help as related information.
#[test]
fn diagnostics_are_those_of_planc_check() {
    let root = root();
    let mut client = Client::start(root);
    for case in [
        "split_sum",
        "cycle",
        "undefined_owner",
        "duplicate",
        "syntax",
    ] {
        let path = root.join("tests/cases").join(format!("{case}.plan"));
        if !path.exists() {
            continue;
        }
        let output = Command::new(env!("CARGO_BIN_EXE_planc"))
            .args(["check", "--format", "json"])
            .arg(&path)
            .output()
            .expect("planc check runs");
        let report: Value = serde_json::from_slice(&output.stdout).expect("json report");
        let expected: Vec<(String, u64, u64, String)> = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| {
                d["file"]
                    .as_str()
                    .is_some_and(|f| f.ends_with(&format!("{case}.plan")))
            })
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or("").to_string(),
                    d["line"].as_u64().unwrap_or(0) - 1,
                    d["column"].as_u64().unwrap_or(0) - 1,
                    d["message"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        assert!(!expected.is_empty(), "{case}: planc check found nothing");
        let (uri, text) = client.open_file(&path);
        let published = client.diagnostics(&uri, |_| true);
        let got: Vec<(String, u64, u64, String)> = published["diagnostics"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|d| {
                let line = d["range"]["start"]["line"].as_u64().unwrap_or(0);
                // The bundled cases are all in the BMP, where UTF-16 units are characters.
                let character = d["range"]["start"]["character"].as_u64().unwrap_or(0);
                let message = d["message"].as_str().unwrap_or("");
                (
                    d["code"].as_str().unwrap_or("").to_string(),
                    line,
                    character,
                    message.split('\n').next().unwrap_or("").to_string(),
                )
            })
            .collect();
        assert!(
            text.chars().all(|c| (c as u32) < 0x10000),
            "{case} is in the BMP"
        );
        assert_eq!(got, expected, "{case}");
        if case == "split_sum" {
            let related = &published["diagnostics"][0]["relatedInformation"];
            let messages: Vec<&str> = related
                .as_array()
                .expect("related information")
                .iter()
                .filter_map(|r| r["message"].as_str())
                .collect();
            assert_eq!(
                messages,
                [
                    "parts add up to 17个, 27个 short of the total",
                    "help: correct a part or the total so that they agree"
                ]
            );
        }
    }
    client.stop();
}

/// The bundled plan, opened at one of its included files: checked in the context of its entry
/// plan (alone, the file's owners would all be undeclared), and every feature answers what the
/// plan says.
#[test]
fn features_on_the_bundled_plan() {
    let entry = root().join("plans/changzhou-education-2020.plan");
    let (mut client, uri, text) = Client::on_bundled("changzhou-education-2020/02-育人为本.plan");
    let published = client.diagnostics(&uri, |_| true);
    assert_eq!(published["diagnostics"], json!([]), "{published}");
    let entry_uri = self::uri(&entry);
    let entry_published = client.diagnostics(&entry_uri, |_| true);
    assert_eq!(entry_published["diagnostics"], json!([]));

    // Hover: an item.
    let (line, column) = find(&text, "事项 学位供给", "学位供给");
    let hover = hover_text(&client.at("textDocument/hover", &uri, line, column + 1));
    assert_contains(
        &hover,
        &[
            "**（十一）夯实学位资源供给项目建设工程**",
            "二、突出育人为本，夯实十大基础工程",
            "- 牵头：规划处（发展规划处）",
            "- 配合：财审处（财务审计处）、市本级、各辖市区（溧阳市、金坛区、武进区、新北区、天宁区、钟楼区、经开区）",
            "- 时限：年内（2020-12-31）",
            "- 指标：重点项目 44个、竣工学校 16所、新增学位 14310个",
        ],
    );
    assert!(hover.contains("- 排期：2020-"), "{hover}");

    // Hover: a target, with its breakdown as the document renders it and where it is cited.
    let (line, column) = find(&text, "指标 重点项目", "重点项目");
    let hover = hover_text(&client.at("textDocument/hover", &uri, line, column));
    assert_contains(
        &hover,
        &[
            "指标 `重点项目`：**44个**",
            "- 其中：市本级8个，溧阳市4个，金坛区5个，武进区5个，新北区8个，天宁区5个，钟楼区7个，经开区2个",
        ],
    );
    assert!(
        hover.contains(
            "- 引用：02-育人为本.plan:9 （十一）学位供给、02-育人为本.plan:9 （十一）学位供给"
        ),
        "{hover}"
    );

    // Hover: a citation in prose reads as the sentence will.
    let (line, column) = find(&text, "新增学位{", "{新增学位}");
    let hover = hover_text(&client.at("textDocument/hover", &uri, line, column + 2));
    assert!(
        hover.starts_with("年内竣工**16所**学校，新增学位**14310个**。"),
        "{hover}"
    );

    // Hover: an owner, with the items it leads and supports.
    let (line, column) = find(&text, "牵头 规划处", "规划处");
    let hover = hover_text(&client.at("textDocument/hover", &uri, line, column));
    assert_contains(
        &hover,
        &[
            "**发展规划处** 部门 `规划处`",
            "（十一）学位供给",
            "（十四）主动发展",
        ],
    );

    // Definition: the owner is declared in the entry file.
    let definition = client.at("textDocument/definition", &uri, line, column);
    let entry_text = std::fs::read_to_string(&entry).expect("entry plan");
    let (decl_line, decl_column) = find(&entry_text, "部门 规划处", "规划处");
    assert_eq!(
        definition,
        json!([{"uri": entry_uri, "range": {
            "start": {"line": decl_line, "character": decl_column},
            "end": {"line": decl_line, "character": decl_column + 3}}}])
    );

    // References: the target's declaration and its two citations.
    let (line, column) = find(&text, "{重点项目}", "重点项目");
    let references = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": column},
               "context": {"includeDeclaration": true}}),
    );
    let lines: Vec<u64> = references
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(lines, [8, 8, 9], "{references}");

    // Rename across included files: 城域网 is declared here and waited for in three files.
    let (line, column) = find(&text, "事项 城域网", "城域网");
    let prepared = client.at("textDocument/prepareRename", &uri, line, column);
    assert_eq!(prepared["placeholder"], "城域网");
    let edit = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": column},
               "newName": "教育城域网"}),
    );
    let changes = edit["changes"].as_object().expect("changes");
    let mut files: Vec<(String, usize)> = changes
        .iter()
        .map(|(uri, edits)| {
            let name = uri.rsplit('/').next().unwrap_or("").to_string();
            (name, edits.as_array().map_or(0, Vec::len))
        })
        .collect();
    files.sort();
    let encoded = |name: &str| {
        self::uri(Path::new(name))
            .trim_start_matches("file://")
            .to_string()
    };
    assert_eq!(
        files,
        [
            (encoded("02-育人为本.plan"), 2),
            (encoded("05-法治为要.plan"), 1),
            (encoded("06-质量为上.plan"), 1)
        ]
    );
    assert!(
        changes
            .values()
            .flat_map(|e| e.as_array().into_iter().flatten())
            .all(|e| e["newText"] == "教育城域网")
    );
    // Refused: a name taken, and one that is not an identifier.
    for (new_name, reason) in [
        ("规划处", "`规划处` is already an owner"),
        ("1号网", "`1号网` is not a valid name"),
        ("事项", "`事项` is a keyword"),
    ] {
        let response = client.call(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": column},
                   "newName": new_name}),
        );
        let message = response["error"]["message"].as_str().unwrap_or("");
        assert!(message.contains(reason), "{new_name}: {response}");
    }

    // Document symbols: the section, its items, their targets.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(symbols[0]["name"], "育人为本");
    assert_eq!(symbols[0]["detail"], "突出育人为本，夯实十大基础工程");
    let items: Vec<&str> = symbols[0]["children"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(items.len(), 10, "{items:?}");
    assert_eq!(items[0], "学位供给");
    let targets: Vec<&str> = symbols[0]["children"][0]["children"]
        .as_array()
        .expect("targets")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(targets, ["重点项目", "竣工学校", "新增学位"]);

    // Folding: the section block, from its line to the line before its `}`.
    let folds = client.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": uri}}),
    );
    let (section_line, _) = find(&text, "部分 育人为本", "部分");
    let last_line = text.trim_end().matches('\n').count();
    assert!(
        folds
            .as_array()
            .expect("ranges")
            .iter()
            .any(|f| f["startLine"] == section_line && f["endLine"] == last_line - 1),
        "{folds}"
    );

    // Semantic tokens: `事项` is a keyword, the item's name a function declared there.
    let tokens = client.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    let (mut line_at, mut column_at) = (0, 0);
    let mut decoded = Vec::new();
    for chunk in data.chunks(5) {
        if chunk[0] > 0 {
            column_at = 0;
        }
        line_at += chunk[0];
        column_at += chunk[1];
        decoded.push((line_at, column_at, chunk[2], chunk[3], chunk[4]));
    }
    let (item_line, item_column) = find(&text, "事项 学位供给", "事项");
    let (item_line, item_column) = (item_line as u64, item_column as u64);
    assert!(
        decoded.contains(&(item_line, item_column, 2, 0, 0)),
        "{decoded:?}"
    );
    assert!(
        decoded.contains(&(item_line, item_column + 3, 4, 5, 1)),
        "{decoded:?}"
    );

    client.stop();
}

/// Completion offers what fits the place: owners and groups after 牵头, items and milestones after
/// 后于, targets inside `{…}`, declared units after a number, keywords at a statement's start.
#[test]
fn completion_fits_the_place() {
    let (mut client, uri, text) = Client::on_bundled("changzhou-education-2020/02-育人为本.plan");
    client.diagnostics(&uri, |_| true);
    // Lines appended inside the first item, one at a time, each completed at its end.
    let (line, _) = find(&text, "    时限 年内", "时限");
    let cases: [(&str, &[&str], &[&str]); 6] = [
        (
            "    牵头 ",
            &["规划处", "各辖市区", "市本级"],
            &["学位供给", "事项"],
        ),
        ("    配合 财审处, ", &["规划处", "各辖市区"], &["学位供给"]),
        (
            "    后于 ",
            &["城域网", "中期评估"],
            &["规划处", "新增学位"],
        ),
        (
            "    正文 \"共{",
            &["新增学位", "重点项目"],
            &["规划处", "学位供给"],
        ),
        (
            "    指标 新指标 \"新指标\" 12",
            &["个", "所", "人次", "%", "个百分点"],
            &["规划处"],
        ),
        (
            "    ",
            &["事项", "item", "牵头", "lead", "指标", "target"],
            &["规划处"],
        ),
    ];
    for (version, (typed, present, absent)) in cases.iter().enumerate() {
        let version = 2 * version as i64 + 2;
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{
                    "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                    "text": format!("{typed}\n")
                }]
            }),
        );
        // Remove the line again afterwards so each case starts from the plan as it is.
        let result = client.at(
            "textDocument/completion",
            &uri,
            line,
            typed.encode_utf16().count(),
        );
        let labels: Vec<&str> = result
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|i| i["label"].as_str())
            .collect();
        for wanted in *present {
            assert!(
                labels.contains(wanted),
                "{typed:?}: {wanted} missing from {labels:?}"
            );
        }
        for unwanted in *absent {
            assert!(
                !labels.contains(unwanted),
                "{typed:?}: {unwanted} in {labels:?}"
            );
        }
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version + 1},
                "contentChanges": [{
                    "range": {"start": {"line": line, "character": 0}, "end": {"line": line + 1, "character": 0}},
                    "text": ""
                }]
            }),
        );
    }
    // At the top level (after the last `}`), the keywords of top-level statements.
    let end_line = text.matches('\n').count();
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 100},
            "contentChanges": [{
                "range": {"start": {"line": end_line, "character": 0}, "end": {"line": end_line, "character": 0}},
                "text": "\n"
            }]
        }),
    );
    let result = client.at("textDocument/completion", &uri, end_line, 0);
    let labels: Vec<&str> = result
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    for wanted in ["部分", "section", "部门", "辖区", "计量单位", "引入"] {
        assert!(labels.contains(&wanted), "{wanted} missing from {labels:?}");
    }
    for unwanted in ["牵头", "lead", "事项"] {
        assert!(!labels.contains(&unwanted), "{unwanted} in {labels:?}");
    }
    client.stop();
}

/// Formatting gives `planc fmt`'s layout: nothing to do on the bundled plan, and a messed-up copy
/// comes back as `planc fmt` writes it.
#[test]
fn formatting_is_planc_fmt() {
    let (mut client, uri, text) = Client::on_bundled("changzhou-education-2020.plan");
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(edits, json!([]));
    let messy = text
        .replace("  期间 2020", "期间    2020")
        .replace("部门 办公室", "部门   办公室  ");
    assert_ne!(messy, text);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": messy}]}),
    );
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = edits.as_array().expect("edits");
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"].as_str(), Some(text.as_str()));
    // A file with a syntax error is refused with a reason, not rewritten.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": format!("{text}\n事项 {{\n")}]}),
    );
    let response = client.call(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert!(
        response["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("syntax errors")),
        "{response}"
    );
    client.stop();
}

/// Many changes in a row: only the newest text's diagnostics are the last published, and a
/// request about an old version is answered `ContentModified` or from the newest check, never
/// from an older one.
#[test]
fn newest_change_wins() {
    let dir = temp_dir("burst");
    let path = dir.join("plan.plan");
    let good = "计划 \"测试\" {\n  期间 2020\n}\n部门 办公室\n部分 甲 \"部分\" {\n  事项 乙 \"标题\" {\n    牵头 办公室\n    时限 年内\n  }\n}\n";
    std::fs::write(&path, good).expect("write plan");
    let mut client = Client::start(&dir);
    let uri = client.open(&path, good);
    client.diagnostics(&uri, |_| true);
    let last = 40;
    for version in 2..=last {
        // Odd versions lead with an undeclared owner; the last one (even) is fine again.
        let text = if version % 2 == 1 {
            good.replace("牵头 办公室", "牵头 不存在")
        } else {
            good.to_string()
        };
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }
    let final_list = client.diagnostics(&uri, |p| p["version"] == last);
    assert_eq!(final_list["diagnostics"], json!([]));
    let published: Vec<i64> = client
        .backlog
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(
        published.windows(2).all(|w| w[0] < w[1]),
        "published out of order: {published:?}"
    );
    eprintln!(
        "{} changes, {} diagnostics published before the last: versions {published:?}",
        last - 1,
        published.len()
    );
    let hover = client.at("textDocument/hover", &uri, 6, 8);
    assert!(hover_text(&hover).contains("办公室"), "{hover}");
    client.stop();
}

/// Facts (`已完成`) are names like targets: hover shows the fact, and a citation of one goes to it.
#[test]
fn facts_have_hover_and_definition() {
    let root = root();
    let path = root.join("tests/fixtures/counts-facts.plan");
    let mut client = Client::start(root);
    let (uri, text) = client.open_file(&path);
    let published = client.diagnostics(&uri, |_| true);
    assert_eq!(published["diagnostics"], json!([]), "{published}");
    let (line, column) = find(&text, "已完成 已建学校", "已建学校");
    let hover = hover_text(&client.at("textDocument/hover", &uri, line, column + 1));
    assert_contains(
        &hover,
        &[
            "**上年已建成学校** 已完成 `已建学校`：30所",
            "- 截至：2020年底",
        ],
    );
    let (line, column) = find(&text, "正文 \"上年已建成学校{", "已建学校");
    let definition = client.at("textDocument/definition", &uri, line, column + 1);
    let (declared, _) = find(&text, "已完成 已建学校", "已建学校");
    assert_eq!(
        definition[0]["range"]["start"]["line"].as_u64(),
        Some(declared as u64),
        "{definition}"
    );
    client.stop();
}
