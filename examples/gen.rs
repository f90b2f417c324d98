//! A generator of synthetic plans of any size, deterministic by seed.
//!
//! ```sh
//! cargo run --release --example gen -- --items 100000 > big.plan
//! cargo run --release --example gen -- --items 1000 --tjp > big.tjp   # the same schedule for TaskJuggler
//! ```
//!
//! The plan uses the real syntax of GRAMMAR.md and checks clean: owners (departments, districts, a
//! group), units, a baseline, main goals, sections of items with targets (plain, stretch, ranges,
//! breakdowns that add up, relative to a baseline, trends), prose citing the targets, sub-items,
//! deadlines, durations, dependencies (only on earlier items of the same section, with deadlines in
//! order, so there are no cycles and every chain fits the year), milestones and recurrences.
//!
//! Options:
//! - `--items N` (default 1000): the number of work items, sub-items included.
//! - `--seed S` (default 1): the seed; the same seed and sizes give the same bytes.
//! - `--owners N` (default items / 50, at least 8): the number of departments.
//! - `--section-size N` (default 50): the number of items per section.
//! - `--tjp`: write a TaskJuggler 3 project with the same tasks, durations and dependencies instead.

use std::io::Write;

/// SplitMix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What to generate.
pub struct Options {
    /// Work items, sub-items included.
    pub items: usize,
    /// The seed.
    pub seed: u64,
    /// Departments (default items / 50, at least 8).
    pub owners: Option<usize>,
    /// Items per section.
    pub section_size: usize,
    /// TaskJuggler output instead of a plan.
    pub tjp: bool,
}

impl Options {
    /// A plan of `items` items with the default seed and shape.
    pub fn items(items: usize) -> Options {
        Options {
            items,
            seed: 1,
            owners: None,
            section_size: 50,
            tjp: false,
        }
    }
}

/// The plan (or the TaskJuggler project) as a string.
pub fn generate(options: &Options) -> String {
    let mut out = Vec::with_capacity(options.items * 260);
    let result = if options.tjp {
        write_tjp(options, &mut out)
    } else {
        write_plan(options, &mut out)
    };
    result.expect("writing to memory");
    String::from_utf8(out).expect("the generator writes UTF-8")
}

#[allow(dead_code)]
fn usage() -> ! {
    eprintln!(
        "usage: gen [--items N] [--seed S] [--owners N] [--section-size N] [--tjp]  (plan on stdout)"
    );
    std::process::exit(2)
}

#[allow(dead_code)]
fn parse_options() -> Options {
    let mut options = Options::items(1000);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> u64 {
            args.next()
                .and_then(|value| value.replace('_', "").parse().ok())
                .unwrap_or_else(|| {
                    eprintln!("{name} needs a number");
                    usage()
                })
        };
        match arg.as_str() {
            "--items" => options.items = number("--items") as usize,
            "--seed" => options.seed = number("--seed"),
            "--owners" => options.owners = Some(number("--owners") as usize),
            "--section-size" => options.section_size = (number("--section-size") as usize).max(1),
            "--tjp" => options.tjp = true,
            _ => usage(),
        }
    }
    options
}

const DISTRICTS: usize = 8;
/// Month-end days of 2020 (a leap year).
const MONTH_DAYS: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// One generated work item: what both output formats need.
struct Item {
    /// Identifier, e.g. `i42` (sub-items `i42_1`).
    id: String,
    /// Section-local dependencies (indexes into the section's top-level items).
    needs: Vec<usize>,
    /// Duration in working days.
    duration: u32,
    /// Deadline month (1..=12).
    due_month: u32,
    lead: usize,
}

#[allow(dead_code)]
fn main() {
    let options = parse_options();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let result = if options.tjp {
        write_tjp(&options, &mut out)
    } else {
        write_plan(&options, &mut out)
    };
    if let Err(error) = result.and_then(|()| out.flush()) {
        eprintln!("gen: cannot write: {error}");
        std::process::exit(2);
    }
}

/// The shape of the plan: sections of items. Shared by both formats so they describe the same work.
fn sections(options: &Options, owners: usize) -> Vec<Vec<(Item, Option<Item>)>> {
    let mut rng = Rng(options.seed);
    let mut sections = Vec::new();
    let mut made = 0usize;
    let mut serial = 0usize;
    while made < options.items {
        let mut section: Vec<(Item, Option<Item>)> = Vec::new();
        let size = options.section_size;
        while section.len() < size && made < options.items {
            let j = section.len();
            // Deadlines rise through the section (June to December), so dependencies on earlier
            // items never force a deadline earlier than the one they wait for.
            let due_month = 6 + (j * 6 / size) as u32;
            let mut needs = Vec::new();
            if j > 0 {
                let window = j.min(5) as u64;
                let first = j - 1 - rng.below(window) as usize;
                needs.push(first);
                if j > 1 && rng.below(3) == 0 {
                    let second = j - 1 - rng.below(window) as usize;
                    if second != first {
                        needs.push(second);
                    }
                }
            }
            let item = Item {
                id: format!("i{serial}"),
                needs,
                duration: 1 + rng.below(2) as u32,
                due_month,
                lead: serial % owners,
            };
            made += 1;
            let sub = if made < options.items && rng.below(10) == 0 {
                made += 1;
                Some(Item {
                    id: format!("i{serial}_1"),
                    needs: Vec::new(),
                    duration: 1,
                    due_month,
                    lead: (serial + 1) % owners,
                })
            } else {
                None
            };
            serial += 1;
            section.push((item, sub));
        }
        sections.push(section);
    }
    sections
}

fn owner_count(options: &Options) -> usize {
    options.owners.unwrap_or((options.items / 50).max(8)).max(1)
}

fn write_plan(options: &Options, out: &mut impl Write) -> std::io::Result<()> {
    let owners = owner_count(options);
    let sections = sections(options, owners);
    let mut rng = Rng(options.seed ^ 0x5EED);
    writeln!(
        out,
        "// Synthetic plan: {} items, seed {}.",
        options.items, options.seed
    )?;
    writeln!(out, "plan \"Synthetic plan {}\" {{", options.items)?;
    writeln!(out, "  period 2020")?;
    writeln!(out, "  org \"Generated office\"")?;
    writeln!(out, "  preamble \"A generated plan for benchmarks.\"")?;
    writeln!(out, "}}")?;
    writeln!(out)?;
    writeln!(out, "unit pcs schools 次 people")?;
    for d in 0..owners {
        writeln!(out, "department d{d} \"Department {}\"", name(d))?;
    }
    for z in 0..DISTRICTS {
        writeln!(out, "district z{z}")?;
    }
    write!(out, "group zones =")?;
    for z in 0..DISTRICTS {
        write!(out, "{} z{z}", if z == 0 { "" } else { "," })?;
    }
    writeln!(out)?;
    // With more departments than items, some would lead nothing (a warning): a group of all of
    // them supports the first item, so every plan checks clean.
    let all_departments = owners > options.items / 2;
    if all_departments {
        write!(out, "group departments =")?;
        for d in 0..owners {
            write!(out, "{} d{d}", if d == 0 { "" } else { "," })?;
        }
        writeln!(out)?;
    }
    writeln!(out, "baseline b_rate \"last year's rate\" previous %")?;
    writeln!(out, "baseline b_count \"last year's count\" 120 pcs")?;
    writeln!(out)?;
    writeln!(out, "goals \"What the year is for.\" {{")?;
    writeln!(out, "  goal g_quality \"Quality\" {{")?;
    writeln!(out, "    text \"Reach {{g_score}} overall.\"")?;
    writeln!(
        out,
        "    target g_score \"overall score\" stretch 91.5 以上"
    )?;
    writeln!(out, "  }}")?;
    writeln!(out, "}}")?;
    for (s, section) in sections.iter().enumerate() {
        writeln!(out)?;
        writeln!(out, "section s{s} \"Section {}\" {{", name(s))?;
        writeln!(out, "  text \"The work of section {}.\"", name(s))?;
        for (j, (item, sub)) in section.iter().enumerate() {
            let everyone = all_departments && s == 0 && j == 0;
            write_item(out, &mut rng, item, sub.as_ref(), section, owners, everyone)?;
        }
        writeln!(out, "}}")?;
    }
    Ok(())
}

/// Spells a number in letters (`a`, `b`, …, `ba`), so that prose holds no figures.
fn name(mut n: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'a' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

fn write_item(
    out: &mut impl Write,
    rng: &mut Rng,
    item: &Item,
    sub: Option<&Item>,
    section: &[(Item, Option<Item>)],
    owners: usize,
    everyone: bool,
) -> std::io::Result<()> {
    let id = &item.id;
    writeln!(out, "  item {id} \"Work item {id}\" {{")?;
    writeln!(out, "    lead d{}", item.lead)?;
    let support = (item.lead + 1 + rng.below(owners.max(2) as u64 - 1) as usize) % owners;
    if everyone {
        writeln!(out, "    support departments, zones")?;
    } else if support != item.lead {
        writeln!(out, "    support d{support}, zones")?;
    } else {
        writeln!(out, "    support zones")?;
    }
    let kind = rng.below(6);
    let total = 8 + rng.below(400);
    match kind {
        0 => {
            // A breakdown over four districts that adds up.
            let first = rng.below(2) as usize * 4;
            let mut parts = Vec::new();
            let mut left = total;
            for k in 0..4 {
                let part = if k == 3 {
                    left
                } else {
                    rng.below(left / 2 + 1)
                };
                left -= part;
                parts.push(format!("z{} {part}", first + k));
            }
            writeln!(
                out,
                "    text \"Build {{{id}_t}}, of which {{{id}_t.parts}}.\""
            )?;
            writeln!(
                out,
                "    target {id}_t \"new schools\" {total} schools split {{ {} }}",
                parts.join(", ")
            )?;
        }
        1 => {
            writeln!(out, "    text \"Lower the rate by {{{id}_t}}.\"")?;
            writeln!(
                out,
                "    target {id}_t \"rate\" stretch vs b_rate down {} pp",
                1 + rng.below(3)
            )?;
        }
        2 => {
            writeln!(out, "    text \"Train {{{id}_t}}.\"")?;
            writeln!(
                out,
                "    target {id}_t \"people trained\" > {}万 people",
                1 + rng.below(9)
            )?;
        }
        3 => {
            writeln!(
                out,
                "    text \"Reach {{{id}_t}} coverage and {{{id}_r}}.\""
            )?;
            writeln!(
                out,
                "    target {id}_t \"coverage\" >= {}.5%",
                50 + rng.below(49)
            )?;
            writeln!(
                out,
                "    target {id}_r \"alliances\" {}-{} pcs",
                total % 5 + 1,
                total % 5 + 3
            )?;
        }
        4 => {
            writeln!(out, "    text \"Keep {{{id}_t}}.\"")?;
            writeln!(out, "    target {id}_t \"skilled workers\" trend up")?;
        }
        _ => {
            writeln!(
                out,
                "    text \"Deliver {{{id}_t}} and report {{{id}_r}}.\""
            )?;
            writeln!(out, "    target {id}_t \"deliveries\" {total} pcs")?;
            if rng.below(2) == 0 {
                writeln!(
                    out,
                    "    recur {id}_r \"progress report\" monthly 1次 by 28"
                )?;
            } else {
                // Two months inside the item: after it can start, before its deadline (a
                // recurrence stays inside its item).
                let a = item.due_month - 2 - rng.below(2) as u32;
                writeln!(
                    out,
                    "    recur {id}_r \"inspection\" yearly 2次 in {a}月, {}月",
                    item.due_month - 1
                )?;
            }
        }
    }
    writeln!(
        out,
        "    due 2020-{:02}-{}",
        item.due_month,
        MONTH_DAYS[item.due_month as usize - 1]
    )?;
    writeln!(out, "    duration {} workdays", item.duration)?;
    if !item.needs.is_empty() {
        let needs: Vec<&str> = item
            .needs
            .iter()
            .map(|&k| section[k].0.id.as_str())
            .collect();
        writeln!(out, "    needs {}", needs.join(", "))?;
    }
    if rng.below(20) == 0 {
        writeln!(
            out,
            "    milestone {id}_m \"checkpoint\" due 2020-{:02}",
            item.due_month
        )?;
    }
    if rng.below(4) == 0 {
        writeln!(out, "    tags t{}, common", rng.below(16))?;
    }
    if let Some(sub) = sub {
        let sid = &sub.id;
        writeln!(out, "    item {sid} \"Part of {id}\" {{")?;
        writeln!(out, "      lead d{}", sub.lead)?;
        writeln!(out, "      text \"Prepare {{{sid}_t}}.\"")?;
        writeln!(
            out,
            "      target {sid}_t \"plans\" {} pcs",
            1 + rng.below(9)
        )?;
        writeln!(out, "      due 2020-{:02}", sub.due_month)?;
        writeln!(out, "      duration 1 workday")?;
        writeln!(out, "    }}")?;
    }
    writeln!(out, "  }}")
}

/// The same tasks, durations and dependencies as a TaskJuggler 3 project.
fn write_tjp(options: &Options, out: &mut impl Write) -> std::io::Result<()> {
    let owners = owner_count(options);
    let sections = sections(options, owners);
    writeln!(
        out,
        "project synthetic \"Synthetic plan {}\" 2020-01-01 +12m {{",
        options.items
    )?;
    writeln!(out, "  timezone \"Asia/Shanghai\"")?;
    writeln!(out, "  workinghours sat, sun off")?;
    writeln!(out, "}}")?;
    for (s, section) in sections.iter().enumerate() {
        writeln!(out, "task s{s} \"Section {}\" {{", name(s))?;
        for (item, sub) in section {
            writeln!(out, "  task {} \"Work item {}\" {{", item.id, item.id)?;
            if item.needs.is_empty() {
                writeln!(out, "    start 2020-01-02")?;
            } else {
                let needs: Vec<String> = item
                    .needs
                    .iter()
                    .map(|&k| format!("!{}", section[k].0.id))
                    .collect();
                writeln!(out, "    depends {}", needs.join(", "))?;
            }
            writeln!(out, "    length {}d", item.duration)?;
            if let Some(sub) = sub {
                // TaskJuggler has no work on a container task: the sub-item runs beside it.
                writeln!(out, "  }}")?;
                writeln!(out, "  task {} \"Part of {}\" {{", sub.id, item.id)?;
                writeln!(out, "    start 2020-01-02")?;
                writeln!(out, "    length {}d", sub.duration)?;
            }
            writeln!(out, "  }}")?;
        }
        writeln!(out, "}}")?;
    }
    writeln!(out, "taskreport overview \"overview\" {{")?;
    writeln!(out, "  formats csv")?;
    writeln!(out, "  columns id, start, end")?;
    writeln!(out, "  hidetask 0")?;
    writeln!(out, "}}")?;
    Ok(())
}
