//! Typing mistakes of real people (issue 13, point 8), made in a copy of a real plan
//! (plans/lishan-2023-tasks.plan, the 立山区 2023 task plan): each is reported with the message
//! that says what was meant, at the place of the mistake. The plan itself checks clean
//! (tests/integration/real_plans.rs), so every report here comes from the one mistake.

use crate::support::{Planc, temp_dir};

const PLAN: &str = "plans/lishan-2023-tasks.plan";

/// One mistake: the text replaced and its replacement, the code and words of the report, and the
/// text (in the mistaken plan) at whose first character the report is located.
struct Mistake {
    name: &'static str,
    find: &'static str,
    replace: &'static str,
    code: &'static str,
    says: &'static [&'static str],
    at: &'static str,
}

const MISTAKES: &[Mistake] = &[
    Mistake {
        name: "full-width digits in a value",
        find: "\"地区生产总值增长\" 6.2%",
        replace: "\"地区生产总值增长\" ６．２%",
        code: "planc::syntax",
        says: &[
            "found the full-width number `６．２` instead of `6.2`",
            "write `6.2`",
        ],
        at: "６．２%",
    },
    Mistake {
        name: "full-width digits in a title",
        find: "社会消费品零售总额增长{零售总额增速}左右",
        replace: "社会消费品零售总额增长９%左右",
        code: "planc::unbound_figure",
        says: &["the figure `９%`", "in full-width digits", "`指标 名称 9%`"],
        at: "９%左右",
    },
    Mistake {
        name: "a keyword glued to its owner",
        find: "牵头 区工信局",
        replace: "牵头区工信局",
        code: "planc::syntax",
        says: &[
            "`牵头区工信局` is read as one name: a space is missing after `牵头`",
            "write `牵头 区工信局`",
        ],
        at: "牵头区工信局",
    },
    Mistake {
        name: "a display name where the identifier is expected",
        find: "部门 区发改局\n",
        replace: "部门 发改局 \"区发改局\"\n",
        code: "planc::undefined_owner",
        says: &[
            "`区发改局` is the display name of the owner `发改局`, not its name",
            "did you mean `发改局`?",
        ],
        at: "区发改局\n    配合 立山经济开发区, 全区",
    },
    Mistake {
        name: "two owners after 牵头",
        find: "牵头 区商务局",
        replace: "牵头 区商务局, 区市场局",
        code: "planc::syntax",
        says: &[
            "`牵头` takes one owner, found 2",
            "`配合 区市场局`",
            "`分组 名称 = 区商务局, 区市场局`",
        ],
        at: "区商务局, 区市场局",
    },
    Mistake {
        name: "a period written with 至",
        find: "牵头 区财政局\n",
        replace: "牵头 区财政局\n    时限 二季度至三季度\n",
        code: "planc::syntax",
        says: &[
            "a period is written with `..`, not `至`",
            "write `二季度..三季度`",
        ],
        at: "至三季度",
    },
    Mistake {
        name: "a missing closing brace",
        find: "指标 工业增加值增速 \"规模上工业增加值增长\" 5%\n  }\n",
        replace: "指标 工业增加值增速 \"规模上工业增加值增长\" 5%\n",
        code: "planc::syntax",
        says: &[
            "this `事项` block is never closed",
            "a new block starts at the indentation of the one still open",
        ],
        at: "事项 工业增加值",
    },
    Mistake {
        name: "an owner both lead and support",
        find: "配合 立山经济开发区\n",
        replace: "配合 立山经济开发区, 区工信局\n",
        code: "planc::lead_and_support",
        says: &["`区工信局` both leads and supports this item"],
        at: "区工信局\n    指标",
    },
    Mistake {
        name: "an item without a lead",
        find: "    牵头 区商务局\n",
        replace: "",
        code: "planc::no_owner",
        says: &["item `社会消费品零售总额` has supporters but no lead"],
        at: "社会消费品零售总额 \"",
    },
    Mistake {
        name: "a figure typed into the title instead of the citation",
        find: "规模上工业增加值增长{工业增加值增速}左右",
        replace: "规模上工业增加值增长5%左右",
        code: "planc::uncited_target",
        says: &[
            "target `工业增加值增速` is cited in no text or title: its figure is missing from the document",
        ],
        at: "工业增加值增速 \"",
    },
];

/// The 1-based line and column (in characters) of the first occurrence of `marker` in `text`.
fn location(text: &str, marker: &str) -> (u64, u64) {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("`{marker}` is not in the mistaken plan"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |line| line.chars().count())
        + 1;
    (line as u64, column as u64)
}

#[test]
fn the_real_plan_checks_clean_before_the_mistakes() {
    let output = Planc::new().args(["check", PLAN]).output();
    assert!(output.status.success());
    assert!(!String::from_utf8_lossy(&output.stderr).contains("warning"));
}

#[test]
fn each_typing_mistake_is_reported_with_what_was_meant_where_it_was_made() {
    let original = std::fs::read_to_string(PLAN).expect("the real plan");
    let dir = temp_dir("typos");
    for mistake in MISTAKES {
        assert!(
            original.contains(mistake.find),
            "{}: `{}` is not in {PLAN}",
            mistake.name,
            mistake.find
        );
        let text = original.replacen(mistake.find, mistake.replace, 1);
        let file = dir.write("mistaken.plan", &text);
        let output = Planc::new()
            .args(["check", "--format", "json"])
            .arg(&file)
            .output();
        let report: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("a JSON report");
        let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
        let found = diagnostics
            .iter()
            .find(|d| d["code"] == mistake.code)
            .unwrap_or_else(|| {
                panic!(
                    "{}: no {} in {}",
                    mistake.name,
                    mistake.code,
                    serde_json::to_string_pretty(diagnostics).unwrap_or_default()
                )
            });
        let words = format!(
            "{} {} {}",
            found["message"].as_str().unwrap_or(""),
            found["help"].as_str().unwrap_or(""),
            found["labels"]
                .as_array()
                .map(|labels| labels
                    .iter()
                    .filter_map(|label| label["text"].as_str())
                    .collect::<Vec<_>>()
                    .join(" "))
                .unwrap_or_default()
        );
        for says in mistake.says {
            assert!(
                words.contains(says),
                "{}: the report does not say {says:?}:\n{words}",
                mistake.name
            );
        }
        let (line, column) = location(&text, mistake.at);
        assert_eq!(
            (found["line"].as_u64(), found["column"].as_u64()),
            (Some(line), Some(column)),
            "{}: located elsewhere: {found}",
            mistake.name
        );
    }
}
