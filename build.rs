//! Embeds the bundled holiday data: every `data/holidays/YYYY.txt` becomes an entry of
//! `BUILTIN` in `$OUT_DIR/holidays.rs`, included by src/calendar.rs. So adding the file of a new
//! year (when its State Council notice appears) is the only change needed to bundle it.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let dir = Path::new(&manifest).join("data/holidays");
    println!("cargo:rerun-if-changed=data/holidays");
    let mut years: Vec<(i16, String)> = std::fs::read_dir(&dir)
        .expect("data/holidays/ is readable")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let stem = path.file_stem()?.to_str()?;
            let is_year = stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit());
            if path.extension()? != "txt" || !is_year {
                return None;
            }
            Some((stem.parse().ok()?, path.to_string_lossy().into_owned()))
        })
        .collect();
    years.sort();
    let mut code = String::from(
        "/// The bundled data: one `(year, file name, text)` per `data/holidays/YYYY.txt`, in order.\n\
         const BUILTIN: &[(i16, &str, &str)] = &[\n",
    );
    for (year, path) in &years {
        writeln!(
            code,
            "    ({year}, \"data/holidays/{year}.txt\", include_str!({path:?})),"
        )
        .expect("writing to a String");
    }
    code.push_str("];\n");
    std::fs::write(Path::new(&out).join("holidays.rs"), code).expect("OUT_DIR is writable");
}
