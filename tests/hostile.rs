//! End-to-end on hostile inputs: the real binary on broken, odd and malicious CSV files, built in
//! each test's own folder. Every name and number here is fictional.

mod util;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use util::*;

type Row = Vec<(&'static str, String)>;
type CsvRow = BTreeMap<String, String>;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A fresh folder for one test of this file (kept apart from tests/cli.rs's folders).
fn dir(name: &str) -> PathBuf {
    workdir(&format!("hostile-{name}"))
}

/// Writes `rows` as a gogen-shaped CSV and returns its bytes, for tests that then damage them.
fn write_rows(path: &Path, rows: &[Row]) -> Vec<u8> {
    gogen_csv(path, rows);
    std::fs::read(path).unwrap()
}

/// `bytes` with the one occurrence of `from` replaced by `to` (fails when there is not exactly one,
/// so that a test never silently edits nothing).
fn replace_once(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let hits: Vec<usize> = bytes.windows(from.len()).enumerate().filter(|(_, w)| *w == from).map(|(i, _)| i).collect();
    assert_eq!(hits.len(), 1, "expected `{}` exactly once", String::from_utf8_lossy(from));
    let i = hits[0];
    let mut out = bytes[..i].to_vec();
    out.extend_from_slice(to);
    out.extend_from_slice(&bytes[i + from.len()..]);
    out
}

/// The physical lines of an ASCII CSV (without their line ends).
fn lines_of(bytes: &[u8]) -> Vec<String> {
    String::from_utf8(bytes.to_vec()).unwrap().lines().map(String::from).collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn show(o: &Output) -> String {
    format!("exit {:?}\nstdout:\n{}\nstderr:\n{}", o.status.code(), text(&o.stdout), text(&o.stderr))
}

fn render_args(inputs: &[&Path], out: &Path) -> Vec<String> {
    let mut args: Vec<String> = vec!["render".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(["--out".into(), out.display().to_string(), "--as-of".into(), AS_OF.into(), "--quiet".into()]);
    args
}

fn run(args: &[String]) -> Output {
    let o = clearpress(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_ne!(o.status.code(), Some(101), "clearpress panicked\n{}", show(&o));
    o
}

/// A render that must succeed: exit 0 (never a panic), and every row read is accounted for.
fn render_ok(inputs: &[&Path], out: &Path) -> Output {
    let o = run(&render_args(inputs, out));
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert_row_identity(out);
    o
}

/// A render that must be refused (exit 1) before anything is written; returns stderr.
fn render_refused(inputs: &[&Path], out: &Path) -> String {
    let o = run(&render_args(inputs, out));
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    assert!(!out.exists(), "nothing may be written, but {} exists: {:?}", out.display(), files(out));
    text(&o.stderr)
}

fn rows(out: &Path, key: &str) -> u64 {
    summary(out)[key].as_u64().unwrap_or_else(|| panic!("summary.json has no {key}"))
}

fn manifest(out: &Path) -> Vec<CsvRow> {
    read_csv(&out.join("manifest.csv"))
}

fn exceptions(out: &Path) -> Vec<CsvRow> {
    read_csv(&out.join("exceptions.csv"))
}

fn review(out: &Path) -> Vec<CsvRow> {
    read_csv(&out.join("review.csv"))
}

fn has_case(row: &CsvRow, case: &str) -> bool {
    row["case_numbers"].split(';').any(|c| c.trim() == case)
}

/// Manifest rows of one kind that carry `case`.
fn docs_for<'a>(m: &'a [CsvRow], kind: &str, case: &str) -> Vec<&'a CsvRow> {
    m.iter().filter(|r| r["kind"] == kind && has_case(r, case)).collect()
}

/// The one petition for `case`, as a path.
fn petition(out: &Path, case: &str) -> PathBuf {
    let m = manifest(out);
    let p = docs_for(&m, "petition", case);
    assert_eq!(p.len(), 1, "expected one petition for {case}; manifest: {:#?}", m);
    let path = out.join(&p[0]["path"]);
    assert!(path.exists(), "{}", path.display());
    path
}

/// (line, code) of every exception from `file`, sorted.
fn exception_lines(out: &Path, file: &Path) -> Vec<(u64, String)> {
    let shown = file.display().to_string();
    let mut v: Vec<(u64, String)> = exceptions(out)
        .iter()
        .filter(|e| e["source"] == shown)
        .map(|e| (e["line"].parse().unwrap_or_else(|_| panic!("line `{}`", e["line"])), e["code"].clone()))
        .collect();
    v.sort();
    v
}

/// Text of one page, whitespace squashed.
fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    let out = tool("pdftotext", &["-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"]);
    assert!(out.status.success(), "pdftotext -f {p} {}", pdf.display());
    text(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A CSV with exactly these columns in this order (for files that are not gogen-shaped).
fn plain_csv(columns: &[&str], rows: &[Vec<&str>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(columns).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn crlf_with_bom(s: &str) -> Vec<u8> {
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend_from_slice(s.replace("\r\n", "\n").replace('\n', "\r\n").as_bytes());
    b
}

// ---------------------------------------------------------------------------------------------
// Files that cannot be used at all: refused before anything is written.
// ---------------------------------------------------------------------------------------------

#[test]
fn unclosed_quote_is_refused_naming_file_and_line() {
    let d = dir("unclosed");
    let people = [
        count_row("1001", "DOE,JANE", "SACRAMENTO", "UQ1001", "101001001000"),
        count_row("1002", "ROE,RICHARD", "SACRAMENTO", "UQ1002", "101001001000"),
        count_row("1003", "POE,PAT", "SACRAMENTO", "UQ1003", "101001001000"),
    ];
    let clean = write_rows(&d.join("clean.csv"), &people);
    // Names with a comma are quoted; drop the closing quote of one in the middle (line 3) ...
    let middle = d.join("middle.csv");
    std::fs::write(&middle, replace_once(&clean, b"\"ROE,RICHARD\"", b"\"ROE,RICHARD")).unwrap();
    let err = render_refused(&[&middle], &d.join("out-middle"));
    assert!(err.contains(&middle.display().to_string()), "names the file: {err}");
    assert!(err.contains("line 3"), "names line 3: {err}");
    // ... and of the last row (line 4), where the quote runs to the end of the file.
    let last = d.join("last.csv");
    std::fs::write(&last, replace_once(&clean, b"\"POE,PAT\"", b"\"POE,PAT")).unwrap();
    let err = render_refused(&[&last], &d.join("out-last"));
    assert!(err.contains(&last.display().to_string()), "names the file: {err}");
    assert!(err.contains("line 4"), "names line 4: {err}");
    // A good file given with a broken one: still nothing written.
    let err = render_refused(&[&d.join("clean.csv"), &middle], &d.join("out-both"));
    assert!(err.contains("middle.csv") && err.contains("line 3"), "{err}");
}

#[test]
fn file_without_subject_id_is_refused() {
    let d = dir("no-subject-id");
    let bytes = write_rows(&d.join("in.csv"), &[count_row("1001", "DOE,JANE", "SACRAMENTO", "NS1001", "101001001000")]);
    let renamed = d.join("renamed.csv");
    std::fs::write(&renamed, replace_once(&bytes, b",SUBJECT_ID,", b",SUBJECT,")).unwrap();
    let err = render_refused(&[&renamed], &d.join("out"));
    assert!(err.contains("SUBJECT_ID") && err.contains("renamed.csv"), "{err}");

    // Some other CSV altogether.
    let other = d.join("other.csv");
    std::fs::write(&other, "a,b,c\n1,2,3\n").unwrap();
    let err = render_refused(&[&other], &d.join("out-other"));
    assert!(err.contains("SUBJECT_ID") && err.contains("other.csv"), "{err}");
}

#[test]
fn empty_file_is_refused() {
    let d = dir("empty");
    let empty = d.join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    let err = render_refused(&[&empty], &d.join("out"));
    assert!(err.contains("empty.csv") && err.to_lowercase().contains("empty"), "{err}");
    // After a good file, too: the run stops before writing anything.
    let good = d.join("good.csv");
    gogen_csv(&good, &[count_row("1001", "DOE,JANE", "SACRAMENTO", "EM1001", "101001001000")]);
    let err = render_refused(&[&good, &empty], &d.join("out-2"));
    assert!(err.contains("empty.csv"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Files that are odd but usable.
// ---------------------------------------------------------------------------------------------

#[test]
fn ragged_rows_become_exceptions_and_the_rest_renders() {
    let d = dir("ragged");
    let input = d.join("ragged.csv");
    let bytes = write_rows(
        &input,
        &[
            count_row("1001", "DOE,JANE", "SACRAMENTO", "RG1001", "101001001000"),
            count_row("1002", "ROE,RICHARD", "SACRAMENTO", "RG1002", "101001001000"),
            count_row("1003", "POE,PAT", "SACRAMENTO", "RG1003", "101001001000"),
            count_row("1004", "LOE,LEE", "SACRAMENTO", "RG1004", "101001001000"),
        ],
    );
    let mut lines = lines_of(&bytes);
    assert_eq!(lines.len(), 5);
    lines[2] = ",,1002,,,,,,,,,\"ROE,RICHARD\",,19700101".into(); // too few fields (line 3)
    lines[4] = format!("{},extra,extra", lines[4]); // too many (line 5)
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let out = d.join("out");
    render_ok(&[&input], &out);
    let ex = exception_lines(&out, &input);
    assert_eq!(ex.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [3, 5], "{ex:?}");
    assert!(ex.iter().all(|(_, c)| !c.is_empty()));
    assert_eq!((rows(&out, "rows_read"), rows(&out, "rows_used"), rows(&out, "rows_rejected")), (4, 2, 2));
    assert!(pdftotext_flat(&petition(&out, "RG1001")).contains("JANE DOE"));
    assert!(pdftotext_flat(&petition(&out, "RG1003")).contains("PAT POE"));
    let m = manifest(&out);
    assert!(docs_for(&m, "petition", "RG1002").is_empty() && docs_for(&m, "petition", "RG1004").is_empty());
}

#[test]
fn bom_and_crlf_files_render() {
    let d = dir("bom-crlf");
    // A gogen file: header starts with RECORD_ID.
    let gogen = d.join("gogen.csv");
    let bytes = write_rows(
        &gogen,
        &[
            count_row("1001", "DOE,JANE", "SACRAMENTO", "BC1001", "101001001000"),
            count_row("1002", "ROE,RICHARD", "SACRAMENTO", "NULL", "101001001000"),
            count_row("1003", "POE,PAT", "SACRAMENTO", "BC1003", "101001001000"),
        ],
    );
    std::fs::write(&gogen, crlf_with_bom(&text(&bytes))).unwrap();
    // A file whose first column is SUBJECT_ID, so the BOM sits right before a required column.
    let cols = ["SUBJECT_ID", "PRI_NAME", "STP_ORI_CNTY_NAME", "CNT_ORDER", "Case Number", "OFFENSE_DESCR", "CONV_STAT_DESCR", "STP_EVENT_DATE", "Eligibility Determination", "Eligibility Reason"];
    let first = d.join("subject-first.csv");
    let body = plain_csv(
        &cols,
        &[
            vec!["2001", "SMITH,ALEX", "SACRAMENTO", "101001001000", "BC2001", "11357(A) HS-POSSESS MARIJUANA", "MISDEMEANOR", "19950612", "Eligible for Dismissal", "Misdemeanor or Infraction"],
            vec!["2002", "JONES,RIVER", "SACRAMENTO", "101001001000", "", "11357(A) HS-POSSESS MARIJUANA", "MISDEMEANOR", "19950612", "Eligible for Dismissal", "Misdemeanor or Infraction"],
        ],
    );
    std::fs::write(&first, crlf_with_bom(&body)).unwrap();
    assert!(std::fs::read(&first).unwrap().windows(2).any(|w| w == b"\r\n"));

    let out = d.join("out");
    render_ok(&[&gogen, &first], &out);
    assert_eq!(rows(&out, "rows_read"), 5);
    assert!(pdftotext_flat(&petition(&out, "BC1001")).contains("JANE DOE"));
    assert!(pdftotext_flat(&petition(&out, "BC1003")).contains("PAT POE"));
    assert!(pdftotext_flat(&petition(&out, "BC2001")).contains("ALEX SMITH"));
    // Line numbers count CRLF lines right.
    assert_eq!(exception_lines(&out, &gogen), [(3, "no-case-number".to_string())]);
    assert_eq!(exception_lines(&out, &first), [(3, "no-case-number".to_string())]);
}

#[test]
fn latin1_bytes_are_read_with_a_warning() {
    let d = dir("latin1");
    let input = d.join("latin1.csv");
    let bytes = write_rows(
        &input,
        &[
            count_row("1001", "DOE,JANE", "SACRAMENTO", "LT1001", "101001001000"),
            count_row("1002", "MUNOZ,ANA", "SACRAMENTO", "LT1002", "101001001000"),
        ],
    );
    std::fs::write(&input, replace_once(&bytes, b"MUNOZ", b"MU\xD1OZ")).unwrap();
    let out = d.join("out");
    let o = render_ok(&[&input], &out);
    let err = text(&o.stderr);
    assert!(err.contains("warning") && err.contains(&format!("{}:3", input.display())), "warning names file:line: {err}");
    assert!(!err.contains(&format!("{}:2", input.display())), "only the Latin-1 row warns: {err}");
    assert_eq!(rows(&out, "rows_used"), 2);
    assert_eq!(summary(&out)["warnings"].as_u64(), Some(1));
    assert!(pdftotext_flat(&petition(&out, "LT1002")).contains("ANA MUÑOZ"));
}

#[test]
fn header_only_is_an_empty_run() {
    let d = dir("header-only");
    let input = d.join("header.csv");
    gogen_csv(&input, &[]);
    let out = d.join("out");
    render_ok(&[&input], &out);
    assert_eq!(rows(&out, "rows_read"), 0);
    assert!(exceptions(&out).is_empty() && review(&out).is_empty());
    assert!(manifest(&out).iter().all(|r| r["kind"] != "petition"));
    assert!(!files(&out).iter().any(|f| f.ends_with(".pdf")), "{:?}", files(&out));
}

// ---------------------------------------------------------------------------------------------
// Rows that cannot be filed: exceptions.csv, with their line.
// ---------------------------------------------------------------------------------------------

#[test]
fn duplicate_count_is_an_exception_at_its_line() {
    let d = dir("duplicate");
    let input = d.join("dup.csv");
    let a = count_row("1001", "DOE,JANE", "SACRAMENTO", "DP1001", "101001001000");
    gogen_csv(&input, &[a.clone(), a, count_row("1002", "ROE,RICHARD", "SACRAMENTO", "DP1002", "101001001000")]);
    let out = d.join("out");
    render_ok(&[&input], &out);
    assert_eq!(exception_lines(&out, &input), [(3, "duplicate".to_string())]);
    assert_eq!(rows(&out, "rows_used"), 2);
    petition(&out, "DP1001");
    petition(&out, "DP1002");
}

#[test]
fn blank_and_junk_case_numbers_are_exceptions() {
    let d = dir("case-numbers");
    let input = d.join("cases.csv");
    gogen_csv(
        &input,
        &[
            count_row("1001", "DOE,JANE", "SACRAMENTO", "NULL", "101001001000"),
            count_row("1002", "ROE,RICHARD", "SACRAMENTO", "", "101001001000"),
            count_row("1003", "POE,PAT", "SACRAMENTO", "NULL  ;  ", "101001001000"),
            count_row("1004", "LOE,LEE", "SACRAMENTO", "CN1004", "101001001000"),
        ],
    );
    let out = d.join("out");
    render_ok(&[&input], &out);
    let code = "no-case-number".to_string();
    assert_eq!(exception_lines(&out, &input), [(2, code.clone()), (3, code.clone()), (4, code)]);
    assert_eq!(rows(&out, "rows_used"), 1);
    petition(&out, "CN1004");
    assert_eq!(manifest(&out).iter().filter(|r| r["kind"] == "petition").count(), 1);
}

#[test]
fn impossible_dates_are_exceptions() {
    let d = dir("dates");
    let input = d.join("dates.csv");
    let mut a = count_row("1001", "DOE,JANE", "SACRAMENTO", "DT1001", "101001001000");
    set(&mut a, "STP_EVENT_DATE", "");
    set(&mut a, "Date of Conviction", "13/45/1999");
    let mut b = count_row("1002", "ROE,RICHARD", "SACRAMENTO", "DT1002", "101001001000");
    set(&mut b, "STP_EVENT_DATE", "00000000");
    let c = count_row("1003", "POE,PAT", "SACRAMENTO", "DT1003", "101001001000");
    gogen_csv(&input, &[a, b, c]);
    let out = d.join("out");
    render_ok(&[&input], &out);
    let code = "bad-date".to_string();
    assert_eq!(exception_lines(&out, &input), [(2, code.clone()), (3, code)]);
    let m = manifest(&out);
    assert!(docs_for(&m, "petition", "DT1001").is_empty() && docs_for(&m, "petition", "DT1002").is_empty());
    petition(&out, "DT1003");
}

#[test]
fn unknown_county_is_an_exception() {
    let d = dir("county");
    let input = d.join("county.csv");
    gogen_csv(
        &input,
        &[
            count_row("1001", "DOE,JANE", "NARNIA", "UC1001", "101001001000"),
            count_row("1002", "ROE,RICHARD", "SACRAMENTO", "UC1002", "101001001000"),
        ],
    );
    let out = d.join("out");
    render_ok(&[&input], &out);
    assert_eq!(exception_lines(&out, &input), [(2, "unknown-county".to_string())]);
    assert!(files(&out).iter().all(|f| !f.to_lowercase().contains("narnia")), "{:?}", files(&out));
    assert!(docs_for(&manifest(&out), "petition", "UC1001").is_empty());
    petition(&out, "UC1002");
}

#[test]
fn unknown_determination_is_held_for_review() {
    let d = dir("determination");
    let input = d.join("det.csv");
    let mut a = count_row("1001", "DOE,JANE", "SACRAMENTO", "UD1001", "101001001000");
    set(&mut a, "Eligibility Determination", "Test is Eligible");
    gogen_csv(&input, &[a, count_row("1002", "ROE,RICHARD", "SACRAMENTO", "UD1002", "101001001000")]);
    let out = d.join("out");
    render_ok(&[&input], &out);
    let held = review(&out);
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!((held[0]["determination"].as_str(), held[0]["line"].as_str()), ("Test is Eligible", "2"));
    assert_eq!(held[0]["source"], input.display().to_string());
    assert_eq!(rows(&out, "rows_held"), 1);
    let m = manifest(&out);
    assert!(m.iter().all(|r| !has_case(r, "UD1001")), "nothing is rendered for a held row");
    assert!(exception_lines(&out, &input).is_empty());
    petition(&out, "UD1002");
}

// ---------------------------------------------------------------------------------------------
// Values that are too big or that look like markup.
// ---------------------------------------------------------------------------------------------

#[test]
fn ten_thousand_character_fields_do_not_panic() {
    let d = dir("long-fields");
    let input = d.join("long.csv");
    let long = "X".repeat(10_000);
    let words = "WORD ".repeat(2_000);
    let mut a = count_row("1001", "DOE,JANE", "SACRAMENTO", "LF1001", "101001001000");
    set(&mut a, "COMMENT_TEXT", &long);
    let b = count_row("1002", &format!("{},{}", &long[..5_000], &long[..4_999]), "SACRAMENTO", "LF1002", "101001001000");
    let c = count_row("1003", &format!("LONG,{}", &words[..9_995]), "SACRAMENTO", "LF1003", "101001001000");
    let mut e = count_row("1004", "ROE,RICHARD", "SACRAMENTO", &long, "101001001000");
    set(&mut e, "OFFENSE_DESCR", &long);
    let mut f = count_row("1005", "POE,PAT", &long, "LF1005", "101001001000");
    set(&mut f, "Eligibility Reason", &long);
    let mut g = count_row("1006", "LOE,LEE", "SACRAMENTO", "LF1006", "101001001000");
    set(&mut g, "Eligibility Determination", &long);
    gogen_csv(&input, &[a, b, c, e, f, g]);
    assert!(std::fs::metadata(&input).unwrap().len() > 60_000);
    let out = d.join("out");
    render_ok(&[&input], &out);
    assert_eq!(rows(&out, "rows_read"), 6);
    // The long comment changes nothing for a row that has its offense.
    assert!(pdftotext_flat(&petition(&out, "LF1001")).contains("JANE DOE"));
    // A 10,000-character name is a broken record: rejected at its line, not printed.
    let rejected = exceptions(&out);
    let lf1002 = rejected.iter().find(|r| r["case_number"] == "LF1002").expect("LF1002 is rejected");
    assert_eq!((lf1002["line"].as_str(), lf1002["code"].as_str()), ("3", "name-too-long"), "{lf1002:?}");
    assert!(!lf1002["message"].contains("XXXX"), "the message does not repeat the name");
    // Long cells are clipped in the reports, not copied whole.
    for r in exceptions(&out).iter().chain(review(&out).iter()) {
        assert!(r.values().all(|v| v.len() < 2_000), "{r:?}");
    }
}

#[test]
fn a_name_with_a_word_longer_than_a_caption_line_wraps_inside_the_caption() {
    let d = dir("long-word");
    let input = d.join("long-word.csv");
    let word = "Q".repeat(90);
    gogen_csv(&input, &[count_row("1001", &format!("{word},ANN"), "SACRAMENTO", "LW1001", "101001001000")]);
    let out = d.join("out");
    render_ok(&[&input], &out);
    let pdf = petition(&out, "LW1001");
    let words: Vec<_> = words_by_page(&pdf).into_iter().flatten().collect();
    let qs = |w: &(String, f64, f64, f64, f64)| w.0.chars().filter(|c| *c == 'Q').count();
    // In the caption (between "v." and "Defendant.") the name wraps left of the middle rule, at
    // 4.5 in (half-way across the text, which runs from 1.5 in to 7.5 in); nowhere does it run past
    // the right margin.
    let v = words.iter().position(|w| w.0 == "v.").unwrap();
    let defendant = v + words[v..].iter().position(|w| w.0 == "Defendant.").unwrap();
    let caption: Vec<_> = words[v..defendant].iter().filter(|w| qs(w) > 0).collect();
    assert!(caption.len() >= 3, "the word wraps onto several caption lines: {caption:?}");
    assert_eq!(caption.iter().map(|w| qs(w)).sum::<usize>(), 90, "every letter is in the caption");
    for w in &caption {
        assert!(w.3 < 4.5 * 72.0, "`{}` ends at {} pt, past the caption's middle", w.0, w.3);
    }
    for w in words.iter().filter(|w| qs(w) > 0) {
        assert!(w.3 <= 7.5 * 72.0 + 1.0, "`{}` ends at {} pt, past the right margin", w.0, w.3);
    }
}

#[test]
fn names_with_markup_print_literally() {
    let d = dir("markup");
    let input = d.join("markup.csv");
    // (PRI_NAME, case, what the petition must show)
    let people: [(&str, &str, &[&str]); 7] = [
        ("#read(\"/etc/passwd\") $x$,*BOLD* _em_", "MK1001", &["#read(\"/etc/passwd\")", "$x$", "*BOLD*", "_em_"]),
        ("{{x}} {{{raw}}} <lbl>,@ref [br] ] //c /*c*/", "MK1002", &["{{x}}", "{{{raw}}}", "<lbl>", "@ref", "[br] ]", "//c", "/*c*/"]),
        ("BACK\\SLASH \"DQ\",C:\\TEMP\\n O'BRIEN", "MK1003", &["BACK\\SLASH", "\"DQ\"", "C:\\TEMP\\n", "O'BRIEN"]),
        ("LINE\nBREAK,ANN\r\nMARIE", "MK1004", &["ANN MARIE LINE BREAK"]),
        ("NGUYỄN,THỊ HƯƠNG", "MK1005", &["THỊ HƯƠNG NGUYỄN"]),
        ("MUÑOZ-GARCÍA,JOSÉ ÁNGEL", "MK1006", &["JOSÉ ÁNGEL MUÑOZ-GARCÍA"]),
        ("ØSTERGÅRD,ZOË ÇELİK", "MK1007", &["ZOË ÇELİK ØSTERGÅRD"]),
    ];
    let mut rows_in: Vec<Row> = people.iter().enumerate().map(|(i, (name, case, _))| count_row(&format!("{}", 1001 + i), name, "SACRAMENTO", case, "101001001000")).collect();
    // After the name that spans three lines the count must go on right: the header, 7 rows and
    // 2 embedded line breaks put this row on line 11.
    rows_in.push(count_row("2001", "SMITH,ALEX", "SACRAMENTO", "NULL", "101001001000"));
    gogen_csv(&input, &rows_in);
    let out = d.join("out");
    render_ok(&[&input], &out);
    for (_, case, shown) in &people {
        let text = pdftotext_flat(&petition(&out, case));
        for s in *shown {
            assert!(text.contains(s), "{case}: `{s}` missing from: {text}");
        }
        assert!(!text.contains("root:x:0"), "no file content may leak in");
    }
    assert_eq!(exception_lines(&out, &input), [(11, "no-case-number".to_string())]);
}

// ---------------------------------------------------------------------------------------------
// Shapes of records: many counts, many counties, challenged cases.
// ---------------------------------------------------------------------------------------------

/// Jane Doe's one case `case` with `counts` counts, rendered: the output folder, the petition and
/// its pages.
fn petition_with_counts(name: &str, case: &str, counts: usize) -> (PathBuf, PathBuf, usize) {
    let d = dir(name);
    let input = d.join(format!("{name}.csv"));
    let rows_in: Vec<Row> = (1..=counts).map(|i| count_row("1001", "DOE,JANE", "SACRAMENTO", case, &format!("101001{i:03}000"))).collect();
    gogen_csv(&input, &rows_in);
    let out = d.join("out");
    render_ok(&[&input], &out);
    let m = manifest(&out);
    let p = docs_for(&m, "petition", case);
    assert_eq!(p.len(), 1, "one petition for the one case");
    let (pdf, pages) = (out.join(&p[0]["path"]), p[0]["pages"].parse().unwrap());
    (out, pdf, pages)
}

#[test]
fn two_hundred_counts_flow_onto_pages_with_the_header_repeated() {
    let (out, pdf, pages) = petition_with_counts("many-counts", "MC1001", 200);
    assert_eq!(rows(&out, "rows_used"), 200);
    assert!(exceptions(&out).is_empty(), "{:?}", exceptions(&out));
    assert!(pages > 2, "200 counts on {pages} pages");
    let second = page_text(&pdf, 2);
    assert!(second.contains("Relief"), "the table header repeats on page 2: {second}");
    let all = pdftotext_flat(&pdf);
    assert!(all.matches("Dismiss and seal").count() >= 200, "every count is listed");
    assert!(all.contains("JANE DOE"));
}

#[test]
fn a_short_counts_table_is_kept_on_one_page() {
    // Eight counts: the table's header and rows do not fit under the petition's opening on page 1.
    let (_, pdf, pages) = petition_with_counts("short-table", "ST1001", 8);
    // Each row shows the conviction date, which nothing else on the petition does.
    let with_table: Vec<String> = (1..=pages).map(|n| page_text(&pdf, n)).filter(|t| t.contains("06/12/1995")).collect();
    assert_eq!(with_table.len(), 1, "the table is on one page");
    assert!(with_table[0].contains("Relief"), "under its header: {}", with_table[0]);
    assert_eq!(with_table[0].matches("06/12/1995").count(), 8, "with all eight counts");
}

#[test]
fn one_person_in_two_counties_gets_a_petition_in_each_court() {
    let d = dir("two-counties");
    let input = d.join("two.csv");
    gogen_csv(
        &input,
        &[
            count_row("1001", "DOE,JANE", "LOS ANGELES", "BA100001", "101001001000"),
            count_row("1001", "DOE,JANE", "SACRAMENTO", "SC200002", "102001001000"),
        ],
    );
    let out = d.join("out");
    render_ok(&[&input], &out);
    let m = manifest(&out);
    let la = docs_for(&m, "petition", "BA100001");
    let sac = docs_for(&m, "petition", "SC200002");
    assert_eq!((la.len(), sac.len()), (1, 1), "{m:#?}");
    assert!(la[0]["path"].starts_with("courts/los-angeles/"), "{}", la[0]["path"]);
    assert!(sac[0]["path"].starts_with("courts/sacramento/"), "{}", sac[0]["path"]);
    for p in [&la[0]["path"], &sac[0]["path"]] {
        assert!(pdftotext_flat(&out.join(p)).contains("JANE DOE"), "{p}");
    }
    let s = summary(&out);
    assert_eq!(s["people"].as_u64(), Some(1));
    assert_eq!(s["cases"].as_u64(), Some(2));
    assert_eq!(m.iter().filter(|r| r["kind"] == "letter").count(), 1, "one letter for the person");
}

#[test]
fn not_eligible_goes_to_the_notice_of_challenged_cases() {
    let d = dir("not-eligible");
    let input = d.join("ne.csv");
    let mut b = count_row("1002", "ROE,RICHARD", "SACRAMENTO", "NE2002", "101001001000");
    set(&mut b, "Eligibility Determination", "Not eligible");
    set(&mut b, "Eligibility Reason", "PC 667(e)(2)(c)(iv)");
    gogen_csv(&input, &[count_row("1001", "DOE,JANE", "SACRAMENTO", "EL1001", "101001001000"), b]);
    let out = d.join("out");
    render_ok(&[&input], &out);
    let m = manifest(&out);
    assert!(docs_for(&m, "petition", "NE2002").is_empty() && docs_for(&m, "order", "NE2002").is_empty(), "no petition for a challenged case");
    assert!(m.iter().all(|r| r["kind"] != "letter" || !has_case(r, "NE2002")), "no letter for it either");
    petition(&out, "EL1001");
    let notice = out.join("courts/sacramento/notice-challenged.pdf");
    assert!(m.iter().any(|r| r["path"] == "courts/sacramento/notice-challenged.pdf" && r["kind"] == "notice-challenged"));
    let t = pdftotext_flat(&notice);
    assert!(t.contains("NE2002") && t.contains("RICHARD ROE"), "{t}");
    assert!(!t.contains("EL1001"), "the eligible case is not challenged: {t}");
    let unchallenged = pdftotext_flat(&out.join("courts/sacramento/notice-unchallenged.pdf"));
    assert!(unchallenged.contains("EL1001") && !unchallenged.contains("NE2002"), "{unchallenged}");
}
