//! Helpers for the end-to-end tests: run the real binary in a fresh folder, build (and damage)
//! input files, and read the output with independent tools (poppler's pdftotext, qpdf, unzip).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

pub const AS_OF: &str = "2026-11-25";

/// Real gogen output kept in the repository (see its README.md).
pub fn gogen_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/gogen")
}

pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// A fresh, empty folder for one test. All tests run in one process, in parallel: a name asked for
/// twice would let two tests write into one folder, so it fails the second test.
pub fn workdir(name: &str) -> PathBuf {
    static TAKEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    assert!(
        TAKEN
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.to_string()),
        "workdir `{name}` is already another test's"
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("testsuite")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn clearpress(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clearpress"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .output()
        .expect("runs")
}

/// Runs and asserts the exit code, showing everything when it is not the expected one.
pub fn run_expect(args: &[&str], code: i32) -> Output {
    let out = clearpress(args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "clearpress {}\nstdout:\n{}\nstderr:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A date in the § 11361.9 review frame (on or before July 1, 2020), when the notices of
/// challenged and unchallenged cases are written.
pub const REVIEW_AS_OF: &str = "2020-06-30";

/// `render` of `inputs` into `out` as of [`AS_OF`] (unless `extra` gives `--as-of`), quietly,
/// with `extra` arguments.
pub fn render_args(inputs: &[&Path], out: &Path, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = vec!["render".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(["--out".into(), out.display().to_string(), "--quiet".into()]);
    if !extra.contains(&"--as-of") {
        args.extend(["--as-of".into(), AS_OF.into()]);
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// A render that must succeed (exit 0, so never a panic).
pub fn render(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let args = render_args(inputs, out, extra);
    run_expect(&args.iter().map(String::as_str).collect::<Vec<_>>(), 0)
}

/// A render that must succeed (exit 0, so never a panic), and every row read is accounted for.
pub fn render_ok(inputs: &[&Path], out: &Path) -> Output {
    let o = render(inputs, out, &[]);
    assert_row_identity(out);
    o
}

/// A render that must be refused (exit 1, so not a panic) before anything is written; returns
/// stderr.
pub fn render_refused(inputs: &[&Path], out: &Path) -> String {
    let args = render_args(inputs, out, &[]);
    let o = run_expect(&args.iter().map(String::as_str).collect::<Vec<_>>(), 1);
    assert!(
        !out.exists(),
        "nothing may be written, but {} exists: {:?}",
        out.display(),
        files(out)
    );
    lossy(&o.stderr)
}

pub fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn tool(cmd: &str, args: &[&str]) -> Output {
    Command::new(cmd).args(args).output().unwrap_or_else(|e| {
        panic!("{cmd} is needed for the tests (apt-get install poppler-utils qpdf unzip): {e}")
    })
}

/// Text without layout: words in reading order, whitespace squashed.
pub fn pdftotext_flat(pdf: &Path) -> String {
    let out = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of pleading paper without its line numbers, whitespace squashed, so a sentence that
/// wraps from one numbered line to the next reads as one.
pub fn body_text(pdf: &Path) -> String {
    let out = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            let t = line.trim_start();
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 && t[digits..].starts_with(' ') {
                &t[digits..]
            } else {
                t
            }
        })
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The right-hand column of the first page's caption (case number, identity lines and the
/// document's title), read from the layout the caption prints in.
pub fn caption_title(pdf: &Path) -> String {
    let out = tool(
        "pdftotext",
        &["-layout", "-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut right = Vec::new();
    // A line the title wraps onto may print without its number; it belongs to the last one.
    let mut number = 0;
    for line in text.lines() {
        if let Some(n) = line
            .trim_start()
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
        {
            number = n;
        }
        if !(10..=22).contains(&number) {
            continue;
        }
        // The right column starts after a wide gap past the page's middle.
        if let Some(at) = line.find("   ").filter(|_| line.len() > 45) {
            let rest = &line[at..];
            let start = at + rest.len() - rest.trim_start().len();
            if start >= 40 {
                right.push(line[start..].trim().to_string());
            } else if let Some(gap) = line[start..].find("    ") {
                right.push(line[start + gap..].trim().to_string());
            }
        }
    }
    right.join(" ")
}

/// Text of one page, whitespace squashed.
pub fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    let out = tool(
        "pdftotext",
        &["-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"],
    );
    assert!(out.status.success(), "pdftotext -f {p} {}", pdf.display());
    lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Pages of a PDF, as pdfinfo reads them.
pub fn pdf_pages(pdf: &Path) -> usize {
    let info =
        String::from_utf8_lossy(&tool("pdfinfo", &[pdf.to_str().unwrap()]).stdout).into_owned();
    info.lines()
        .find(|l| l.starts_with("Pages:"))
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap()
}

pub fn qpdf_check(pdf: &Path) {
    let out = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "qpdf --check {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

pub fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap()
}

/// A count from summary.json, e.g. `rows_read`.
pub fn summary_count(out: &Path, key: &str) -> u64 {
    summary(out)[key]
        .as_u64()
        .unwrap_or_else(|| panic!("summary.json has no {key}"))
}

/// Every row read is used, skipped, held or rejected.
pub fn assert_row_identity(out: &Path) {
    let s = summary(out);
    let n = |k: &str| {
        s[k].as_u64()
            .unwrap_or_else(|| panic!("summary.json has no {k}"))
    };
    assert_eq!(
        n("rows_read"),
        n("rows_used") + n("rows_skipped") + n("rows_held") + n("rows_rejected"),
        "{s}"
    );
}

pub type CsvRow = BTreeMap<String, String>;

pub fn manifest(out: &Path) -> Vec<CsvRow> {
    read_csv(&out.join("manifest.csv"))
}

pub fn exceptions(out: &Path) -> Vec<CsvRow> {
    read_csv(&out.join("exceptions.csv"))
}

pub fn review(out: &Path) -> Vec<CsvRow> {
    read_csv(&out.join("review.csv"))
}

pub fn has_case(row: &CsvRow, case: &str) -> bool {
    row["case_numbers"].split(';').any(|c| c.trim() == case)
}

/// Manifest rows of one kind that carry `case`.
pub fn docs_for<'a>(m: &'a [CsvRow], kind: &str, case: &str) -> Vec<&'a CsvRow> {
    m.iter()
        .filter(|r| r["kind"] == kind && has_case(r, case))
        .collect()
}

/// The one petition for `case`, as a path.
pub fn petition(out: &Path, case: &str) -> PathBuf {
    let m = manifest(out);
    let p = docs_for(&m, "petition", case);
    assert_eq!(
        p.len(),
        1,
        "expected one petition for {case}; manifest: {:#?}",
        m
    );
    let path = out.join(&p[0]["path"]);
    assert!(path.exists(), "{}", path.display());
    path
}

/// (line, code) of every exception from `file`, sorted.
pub fn exception_lines(out: &Path, file: &Path) -> Vec<(u64, String)> {
    let shown = file.display().to_string();
    let mut v: Vec<(u64, String)> = exceptions(out)
        .iter()
        .filter(|e| e["source"] == shown)
        .map(|e| {
            (
                e["line"]
                    .parse()
                    .unwrap_or_else(|_| panic!("line `{}`", e["line"])),
                e["code"].clone(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Every file under `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out)
            } else {
                out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Fictional gogen results and contacts for `people` people (`clearpress synth`) in `dir/data`:
/// the results file and the contacts file.
pub fn synth_data(dir: &Path, people: usize, seed: u64) -> (PathBuf, PathBuf) {
    let data = dir.join("data");
    run_expect(
        &[
            "synth",
            "--people",
            &people.to_string(),
            "--seed",
            &seed.to_string(),
            "--out",
            data.to_str().unwrap(),
        ],
        0,
    );
    (data.join("Prop64_Results.csv"), data.join("contacts.csv"))
}

/// Two output folders hold the same files with the same bytes (timings.json aside).
pub fn assert_same_output(a: &Path, b: &Path) {
    let (fa, fb) = (files(a), files(b));
    assert_eq!(
        fa,
        fb,
        "{} and {} hold different files",
        a.display(),
        b.display()
    );
    for f in fa.iter().filter(|f| *f != "timings.json") {
        assert!(
            std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(),
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

/// One input row: (column, value) pairs.
pub type Row = Vec<(&'static str, String)>;

/// Writes a gogen-shaped CSV (the header of the real Prop64_Results) with the given rows, each a
/// list of (column, value) pairs; other columns stay empty.
pub fn gogen_csv(path: &Path, rows: &[Row]) {
    let header_line = std::fs::read_to_string(
        gogen_dir().join("sacramento_configurable_flow/Prop64_Results.csv"),
    )
    .unwrap();
    let header: Vec<String> = csv::Reader::from_reader(header_line.as_bytes())
        .headers()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(&header).unwrap();
    for row in rows {
        let rec: Vec<String> = header
            .iter()
            .map(|h| {
                row.iter()
                    .find(|(c, _)| c == h)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            })
            .collect();
        w.write_record(&rec).unwrap();
    }
    w.flush().unwrap();
}

/// A classified count with sensible defaults; override any column after.
pub fn count_row(subject: &str, name: &str, county: &str, case: &str, order: &str) -> Row {
    vec![
        ("SUBJECT_ID", subject.into()),
        ("CII_NUMBER", format!("A{subject}")),
        ("PRI_NAME", name.into()),
        ("PRI_DOB", "19700101".into()),
        ("STP_EVENT_DATE", "19950612".into()),
        ("STP_ORI_CNTY_NAME", county.into()),
        ("CNT_ORDER", order.into()),
        ("OFFENSE_DESCR", "11357(A) HS-POSSESS MARIJUANA".into()),
        ("OFFENSE_TOC", "M".into()),
        ("CONV_STAT_DESCR", "MISDEMEANOR".into()),
        ("DISP_DESCR", "CONVICTED-PROBATION".into()),
        ("Case Number", case.into()),
        ("# of convictions on record", "1".into()),
        ("Occurred after 11/9/2016", "N".into()),
        ("Date of Conviction", "06/12/1995".into()),
        ("Deceased", "-".into()),
        ("Eligibility Determination", "Eligible for Dismissal".into()),
        ("Eligibility Reason", "Misdemeanor or Infraction".into()),
    ]
}

pub fn set(row: &mut Row, col: &'static str, value: &str) {
    if let Some(e) = row.iter_mut().find(|(c, _)| *c == col) {
        e.1 = value.into();
    } else {
        row.push((col, value.into()));
    }
}

/// Writes `rows` as a gogen-shaped CSV and returns its bytes, for tests that then damage them.
pub fn write_rows(path: &Path, rows: &[Row]) -> Vec<u8> {
    gogen_csv(path, rows);
    std::fs::read(path).unwrap()
}

/// `bytes` with the one occurrence of `from` replaced by `to` (fails when there is not exactly one,
/// so that a test never silently edits nothing).
pub fn replace_once(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let hits: Vec<usize> = bytes
        .windows(from.len())
        .enumerate()
        .filter(|(_, w)| *w == from)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "expected `{}` exactly once",
        String::from_utf8_lossy(from)
    );
    let i = hits[0];
    let mut out = bytes[..i].to_vec();
    out.extend_from_slice(to);
    out.extend_from_slice(&bytes[i + from.len()..]);
    out
}

/// The physical lines of an ASCII CSV (without their line ends).
pub fn lines_of(bytes: &[u8]) -> Vec<String> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// A CSV with exactly these columns in this order (for files that are not gogen-shaped).
pub fn plain_csv(columns: &[&str], rows: &[Vec<&str>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(columns).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// `s` with a UTF-8 byte order mark and CRLF line ends.
pub fn crlf_with_bom(s: &str) -> Vec<u8> {
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend_from_slice(s.replace("\r\n", "\n").replace('\n', "\r\n").as_bytes());
    b
}

/// A word on a page and its box: (text, xMin, yMin, xMax, yMax) in points.
pub type Word = (String, f64, f64, f64, f64);

/// Words on each page from `pdftotext -bbox`.
pub fn words_by_page(pdf: &Path) -> Vec<Vec<Word>> {
    let out = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        let start = tag.find(&key).unwrap() + key.len();
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    html.split("<page ")
        .skip(1)
        .map(|page| {
            page.split("<word ")
                .skip(1)
                .map(|w| {
                    let (tag, rest) = w.split_once('>').unwrap();
                    let text = unescape(rest.split("</word>").next().unwrap());
                    (
                        text,
                        attr(tag, "xMin"),
                        attr(tag, "yMin"),
                        attr(tag, "xMax"),
                        attr(tag, "yMax"),
                    )
                })
                .collect()
        })
        .collect()
}

/// Text of pdftotext's HTML as printed: its five escapes undone (`&amp;` last).
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The words of a pleading page below its 28th line (which ends at 744 pt): page number and title.
pub fn footer(words: &[Word]) -> Vec<&str> {
    words
        .iter()
        .filter(|w| w.2 > 744.0)
        .map(|w| w.0.as_str())
        .collect()
}

/// Whether a page is one of an omnibus paper's Exhibit A (its footer says "Exhibit A — page").
pub fn is_exhibit_page(words: &[Word]) -> bool {
    words
        .windows(4)
        .any(|w| w[0].0 == "Exhibit" && w[1].0 == "A" && w[2].0 == "—" && w[3].0 == "page")
}

/// The measurements of pleading paper on page `p` (from 0) of a paper: 28 line numbers in the
/// left column, the court's title on line 8 (3 1/3 in) of the first page, nothing left of 1 in or
/// right of 8 in, the paper's title and the page number in the footer, no SAMPLE stamp.
pub fn assert_pleading_page(words: &[Word], p: usize, where_: &str) {
    let numbers: Vec<&Word> = words
        .iter()
        .filter(|w| w.3 < 97.0 && w.0.parse::<u32>().is_ok())
        .collect();
    let found: Vec<u32> = numbers.iter().map(|w| w.0.parse().unwrap()).collect();
    assert_eq!(
        found,
        (1..=28).collect::<Vec<_>>(),
        "{where_}: line numbers"
    );
    for (i, n) in numbers.iter().enumerate() {
        let expected_top = 72.0 + 24.0 * i as f64;
        assert!(
            (n.2 - expected_top).abs() < 6.0,
            "{where_}: line {} at {}",
            i + 1,
            n.2
        );
    }
    for w in words
        .iter()
        .filter(|w| !numbers.iter().any(|n| std::ptr::eq(*n, *w)))
    {
        assert!(
            w.1 >= 108.0 - 1.0 && w.3 <= 540.0 + 1.0,
            "{where_}: `{}` outside the margins ({}..{})",
            w.0,
            w.1,
            w.3
        );
    }
    let footer = footer(words);
    assert!(
        footer.iter().any(|w| matches!(
            *w,
            "PETITION" | "APPLICATION" | "MOTION" | "ORDER" | "NOTICE"
        )),
        "{where_}: footer {footer:?}"
    );
    assert!(
        footer.contains(&(p + 1).to_string().as_str()),
        "{where_}: page number in {footer:?}"
    );
    if p == 0 {
        let title = words
            .iter()
            .find(|w| w.0 == "SUPERIOR")
            .expect("court title");
        assert!(
            (title.2 - 240.0).abs() < 4.0,
            "{where_}: court title top at {}",
            title.2
        );
        assert!(
            (title.2 - numbers[7].2).abs() < 2.0,
            "{where_}: court title level with line 8"
        );
    }
    assert!(
        !words.iter().any(|w| w.0 == "SAMPLE"),
        "{where_}: no SAMPLE stamp with a config"
    );
}
