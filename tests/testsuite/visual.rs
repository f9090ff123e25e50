//! Each kind of document, rendered from fixed sample data, compared page by page with a reviewed
//! reference image in tests/reference, so that a template change that moves a line is seen.
//! Refresh the references after a reviewed change with
//! `CLEARPRESS_BLESS=1 cargo test --release --test testsuite visual::`.

use std::path::Path;

use crate::util::*;

const KINDS: [&str; 10] = [
    "petition",
    "order",
    "letter",
    "letter-es",
    "notice-unchallenged",
    "notice-challenged",
    "transmittal",
    "court-index",
    "omnibus-motion",
    "omnibus-order",
];

/// 30 dpi: small files, and a line moved by a quarter of a pleading line still shows.
const DPI: &str = "30";

/// A binary PGM (P5) as (width, height, pixels).
fn read_pgm(path: &Path) -> (usize, usize, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, bytes[i + 1..].to_vec())
}

#[test]
fn documents_look_as_reviewed() {
    let dir = workdir("visual");
    let bless = std::env::var("CLEARPRESS_BLESS").is_ok();
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference");
    let mut failures = Vec::new();
    for kind in KINDS {
        let pdf = dir.join(format!("{kind}.pdf"));
        run_expect(&["preview", kind, "--out", pdf.to_str().unwrap()], 0);
        let prefix = dir.join(kind);
        let r = tool(
            "pdftoppm",
            &[
                "-r",
                DPI,
                "-gray",
                pdf.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        assert!(r.status.success());
        let mut pages: Vec<String> = files(&dir)
            .into_iter()
            .filter(|f| f.starts_with(&format!("{kind}-")) && f.ends_with(".pgm"))
            .collect();
        pages.sort();
        for page in pages {
            let got = dir.join(&page);
            let want = reference.join(&page);
            if bless {
                std::fs::copy(&got, &want).unwrap();
                continue;
            }
            assert!(
                want.exists(),
                "no reference image {}: review the page and bless it",
                want.display()
            );
            let (w1, h1, a) = read_pgm(&got);
            let (w2, h2, b) = read_pgm(&want);
            if (w1, h1) != (w2, h2) {
                failures.push(format!("{page}: size {w1}x{h1}, reference {w2}x{h2}"));
                continue;
            }
            let differing = a
                .iter()
                .zip(&b)
                .filter(|(x, y)| x.abs_diff(**y) > 64)
                .count();
            let share = differing as f64 / a.len() as f64;
            if share > 0.002 {
                failures.push(format!(
                    "{page}: {:.2}% of pixels differ from the reference",
                    share * 100.0
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
