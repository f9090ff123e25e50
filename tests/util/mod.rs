//! Helpers for end-to-end tests: run the real binary in a fresh folder and read its output with
//! independent tools (poppler's pdftotext, qpdf, unzip).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const AS_OF: &str = "2026-11-25";

/// Real gogen output kept in the repository (see its README.md).
pub fn gogen_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/gogen")
}

pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

/// A fresh, empty folder for one test.
pub fn workdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn clearpress(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clearpress")).args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default()).output().expect("runs")
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

pub fn render(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["render".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(["--out".into(), out.display().to_string(), "--as-of".into(), AS_OF.into(), "--quiet".into()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    run_expect(&args.iter().map(String::as_str).collect::<Vec<_>>(), 0)
}

pub fn tool(cmd: &str, args: &[&str]) -> Output {
    Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd} is needed for the tests (apt-get install poppler-utils qpdf unzip): {e}"))
}

pub fn pdftotext(pdf: &Path) -> String {
    let out = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text without layout: words in reading order, whitespace squashed.
pub fn pdftotext_flat(pdf: &Path) -> String {
    let out = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn qpdf_check(pdf: &Path) {
    let out = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "qpdf --check {}: {}", pdf.display(), String::from_utf8_lossy(&out.stdout));
}

pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().unwrap().clone();
    r.records().map(|rec| headers.iter().zip(rec.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()).collect()
}

pub fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap()
}

pub fn assert_row_identity(out: &Path) {
    let s = summary(out);
    let n = |k: &str| s[k].as_u64().unwrap_or_else(|| panic!("summary.json has no {k}"));
    assert_eq!(n("rows_read"), n("rows_used") + n("rows_skipped") + n("rows_held") + n("rows_rejected"), "{s}");
}

/// Every file under `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() { walk(root, &p, out) } else { out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned()) }
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
    run_expect(&["synth", "--people", &people.to_string(), "--seed", &seed.to_string(), "--out", data.to_str().unwrap()], 0);
    (data.join("Prop64_Results.csv"), data.join("contacts.csv"))
}

/// Two output folders hold the same files with the same bytes (timings.json aside).
pub fn assert_same_output(a: &Path, b: &Path) {
    let (fa, fb) = (files(a), files(b));
    assert_eq!(fa, fb, "{} and {} hold different files", a.display(), b.display());
    for f in fa.iter().filter(|f| *f != "timings.json") {
        assert!(std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(), "{f} differs between {} and {}", a.display(), b.display());
    }
}

/// Writes a gogen-shaped CSV (the header of the real Prop64_Results) with the given rows, each a
/// list of (column, value) pairs; other columns stay empty.
pub fn gogen_csv(path: &Path, rows: &[Vec<(&str, String)>]) {
    let header_line = std::fs::read_to_string(gogen_dir().join("sacramento_configurable_flow/Prop64_Results.csv")).unwrap();
    let header: Vec<String> = csv::Reader::from_reader(header_line.as_bytes()).headers().unwrap().iter().map(String::from).collect();
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(&header).unwrap();
    for row in rows {
        let rec: Vec<String> = header.iter().map(|h| row.iter().find(|(c, _)| c == h).map(|(_, v)| v.clone()).unwrap_or_default()).collect();
        w.write_record(&rec).unwrap();
    }
    w.flush().unwrap();
}

/// A classified count with sensible defaults; override any column after.
pub fn count_row(subject: &str, name: &str, county: &str, case: &str, order: &str) -> Vec<(&'static str, String)> {
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

pub fn set(row: &mut Vec<(&'static str, String)>, col: &'static str, value: &str) {
    if let Some(e) = row.iter_mut().find(|(c, _)| *c == col) {
        e.1 = value.into();
    } else {
        row.push((col, value.into()));
    }
}

/// Words on each page from `pdftotext -bbox`: (text, xMin, yMin, xMax, yMax) in points.
pub fn words_by_page(pdf: &Path) -> Vec<Vec<(String, f64, f64, f64, f64)>> {
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
                    let text = rest.split("</word>").next().unwrap().to_string();
                    (text, attr(tag, "xMin"), attr(tag, "yMin"), attr(tag, "xMax"), attr(tag, "yMax"))
                })
                .collect()
        })
        .collect()
}
