//! Reading a .docx that planc wrote: its parts are XML files in a zip archive.

use std::io::Read;
use std::path::Path;

/// The XML of the part `name` (`word/document.xml`, `word/styles.xml`…) of the .docx at `path`.
pub fn part(path: impl AsRef<Path>, name: &str) -> String {
    let path = path.as_ref();
    let file =
        std::fs::File::open(path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let mut archive = zip::ZipArchive::new(file)
        .unwrap_or_else(|e| panic!("{} is not a zip archive: {e}", path.display()));
    let mut xml = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{} has no {name}: {e}", path.display()))
        .read_to_string(&mut xml)
        .unwrap_or_else(|e| panic!("{name} of {} is not UTF-8: {e}", path.display()));
    xml
}

/// The body of the .docx at `path` (`word/document.xml`).
pub fn document_xml(path: impl AsRef<Path>) -> String {
    part(path, "word/document.xml")
}
