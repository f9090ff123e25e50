//! End-to-end: the real binary on real gogen output, read back with poppler, qpdf and unzip.

mod util;

use std::path::{Path, PathBuf};

use util::*;

/// The gogen result files that carry people (condensed files are refused, see below).
fn gogen_inputs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(gogen_dir()).unwrap().flatten().filter(|e| e.path().is_dir()) {
        for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if name.ends_with(".csv") && !name.contains("Condensed") {
                out.push(f.path());
            }
        }
    }
    out.sort();
    assert!(out.len() >= 7, "expected the gogen samples under {}", gogen_dir().display());
    out
}

/// Everything issue 2 asks of one render: PDFs valid, petitions name the person and every case
/// number, zips test clean, the row identity holds, verify passes and then catches a changed byte.
fn check_output(out: &Path, inputs: &[&Path]) {
    assert_row_identity(out);
    let manifest = read_csv(&out.join("manifest.csv"));
    let names = people_by_case(inputs);
    let mut petitions = 0;
    for row in &manifest {
        let path = out.join(&row["path"]);
        assert!(path.exists(), "{}", row["path"]);
        if row["path"].ends_with(".pdf") {
            qpdf_check(&path);
        }
        if row["path"].ends_with(".zip") {
            let t = tool("unzip", &["-t", path.to_str().unwrap()]);
            assert!(t.status.success(), "unzip -t {}", path.display());
        }
        if row["kind"] == "petition" {
            petitions += 1;
            let text = pdftotext_flat(&path);
            assert!(text.contains("SUPERIOR COURT OF CALIFORNIA"), "{}", row["path"]);
            for case in row["case_numbers"].split(';') {
                assert!(text.contains(case), "{} lacks case {case}", row["path"]);
            }
            // Case numbers are not unique across people in gogen's fixtures: one of the people
            // with this case must be named.
            let first_case = row["case_numbers"].split(';').next().unwrap().to_string();
            let named = names.iter().filter(|(_, _, cases)| cases.contains(&first_case)).any(|(l, f, _)| text.contains(l.as_str()) && text.contains(f.as_str()));
            assert!(named, "{} names none of the people with case {first_case}", row["path"]);
        }
    }
    let s = summary(out);
    assert_eq!(s["documents"]["petition"].as_u64().unwrap_or(0), petitions);
    run_expect(&["verify", out.to_str().unwrap()], 0);
    // Change one byte of one PDF: verify must fail and name it.
    if let Some(pdf) = manifest.iter().find(|r| r["path"].ends_with(".pdf")) {
        let p = out.join(&pdf["path"]);
        let mut bytes = std::fs::read(&p).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x01;
        std::fs::write(&p, bytes).unwrap();
        let v = run_expect(&["verify", out.to_str().unwrap()], 1);
        assert!(String::from_utf8_lossy(&v.stdout).contains(&pdf["path"]));
    }
}

/// (last name, first names, case numbers) for every classified row of the inputs.
fn people_by_case(inputs: &[&Path]) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for input in inputs {
        for row in read_csv(input) {
            let name = row.get("PRI_NAME").cloned().unwrap_or_default();
            let (last, first) = name.split_once(',').unwrap_or((&name, ""));
            let cases = row.get("Case Number").map(|c| c.split(';').map(|s| s.trim().to_string()).collect()).unwrap_or_default();
            out.push((last.trim().to_string(), first.split_whitespace().next().unwrap_or("").to_string(), cases));
        }
    }
    out
}

#[test]
fn renders_every_gogen_sample() {
    for (i, input) in gogen_inputs().iter().enumerate() {
        let out = workdir(&format!("gogen-{i}")).join("out");
        render(&[input], &out, &[]);
        check_output(&out, &[input]);
    }
}

#[test]
fn renders_both_multi_input_files_together() {
    let dir = gogen_dir().join("multi_input_with_suffix");
    let a = dir.join("Prop64_Results_1_Nov_25_2025_9.00.00.PM.csv");
    let b = dir.join("Prop64_Results_2_Nov_25_2025_9.00.00.PM.csv");
    let out = workdir("multi").join("out");
    render(&[&a, &b], &out, &[]);
    check_output(&out, &[&a, &b]);
    assert_eq!(summary(&out)["inputs"].as_array().unwrap().len(), 2);
}

#[test]
fn the_la_pilot_routes_its_vocabulary() {
    let input = gogen_dir().join("gogen_pilots_los_angeles/doj_results_convictions_1.csv");
    let out = workdir("la-pilot").join("out");
    render(&[&input], &out, &[]);
    let review = read_csv(&out.join("review.csv"));
    assert!(review.iter().any(|r| r["determination"] == "Hand Review"));
    assert!(review.iter().any(|r| r["determination"] == "To be reviewed by City Attorneys"));
    let manifest = read_csv(&out.join("manifest.csv"));
    assert!(manifest.iter().any(|r| r["kind"] == "notice-challenged"), "Not eligible rows make a notice of challenged cases");
    // A held or challenged case gets no petition: every petition's case has a dismissal or reduction.
    let text = pdftotext_flat(&out.join(&manifest.iter().find(|r| r["kind"] == "notice-challenged").unwrap()["path"]));
    assert!(text.contains("PC 667(e)(2)(c)"), "the ground is stated: {text}");
}

#[test]
fn condensed_results_are_refused_before_anything_is_written() {
    let input = gogen_dir().join("sacramento_configurable_flow/All_Results_Condensed.csv");
    let out = workdir("condensed").join("out");
    let r = run_expect(&["render", input.to_str().unwrap(), "--out", out.to_str().unwrap()], 1);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("SUBJECT_ID") && err.contains("Prop64_Results") && err.contains("All_Results_Condensed.csv"), "{err}");
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn same_inputs_same_bytes_whatever_the_thread_count() {
    let input = example("prop64-results.csv");
    let contacts = example("contacts.csv");
    let dir = workdir("determinism");
    let (a, b) = (dir.join("a"), dir.join("b"));
    render(&[&input], &a, &["--jobs", "1", "--contacts", contacts.to_str().unwrap()]);
    render(&[&input], &b, &["--jobs", "2", "--contacts", contacts.to_str().unwrap()]);
    let fa = files(&a);
    assert_eq!(fa, files(&b));
    for f in fa.iter().filter(|f| *f != "timings.json") {
        assert!(std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(), "{f} differs between runs");
    }
}

#[test]
fn person_data_prints_literally() {
    let input = example("prop64-results.csv");
    let out = workdir("injection").join("out");
    render(&[&input], &out, &[]);
    let manifest = read_csv(&out.join("manifest.csv"));
    let petition = manifest.iter().find(|r| r["kind"] == "petition" && r["case_numbers"] == "BA301122").expect("the injection case");
    let text = pdftotext_flat(&out.join(&petition["path"]));
    for literal in ["#read(\"/etc/", "$x$", "*BOLD*", "{{x}}", "<x>", "\\ \"Q\""] {
        assert!(text.contains(literal), "{literal} missing from: {text}");
    }
    assert!(!text.contains("root:x:0"), "no file content may leak in");
    let nguyen = manifest.iter().find(|r| r["case_numbers"] == "LA0774512" && r["kind"] == "petition").unwrap();
    assert!(pdftotext_flat(&out.join(&nguyen["path"])).contains("THỊ HƯƠNG NGUYỄN"));
}

#[test]
fn a_config_removes_the_sample_stamp() {
    let input = example("prop64-results.csv");
    let dir = workdir("config");
    render(&[&input], &dir.join("sample"), &[]);
    render(&[&input], &dir.join("real"), &["--config", example("config.toml").to_str().unwrap()]);
    let pick = |out: &Path| {
        let m = read_csv(&out.join("manifest.csv"));
        out.join(&m.iter().find(|r| r["kind"] == "petition").unwrap()["path"])
    };
    assert!(pdftotext_flat(&pick(&dir.join("sample"))).contains("SAMPLE — NOT FOR FILING"));
    let real = pdftotext_flat(&pick(&dir.join("real")));
    assert!(!real.contains("SAMPLE"), "{real}");
    assert!(real.contains("Jane Q. Prosecutor") && real.contains("123456"));
}

#[test]
fn letters_are_tagged_and_court_papers_embed_only_their_own_faces() {
    let out = workdir("tagged").join("out");
    render(&[&example("prop64-results.csv")], &out, &["--contacts", example("contacts.csv").to_str().unwrap()]);
    let (mut letters, mut papers) = (0, 0);
    for row in read_csv(&out.join("manifest.csv")) {
        let letter = match row["kind"].as_str() {
            "letter" => true,
            "petition" | "order" => false,
            _ => continue,
        };
        let path = out.join(&row["path"]);
        let info = String::from_utf8_lossy(&tool("pdfinfo", &[path.to_str().unwrap()]).stdout).into_owned();
        let tagged = info.lines().any(|l| l.starts_with("Tagged:") && l.ends_with("yes"));
        assert_eq!(tagged, letter, "{}: tagged {tagged}", row["path"]);
        // One face each: bold (headings, the SAMPLE stamp) is drawn from the regular glyphs, and
        // the stamp prints in the paper's own face.
        let fonts = String::from_utf8_lossy(&tool("pdffonts", &[path.to_str().unwrap()]).stdout).into_owned();
        let faces: Vec<&str> = fonts.lines().skip(2).filter_map(|l| l.split_whitespace().next()).filter(|f| f.contains("Clearpress")).collect();
        let face = if letter { "ClearpressSans" } else { "ClearpressSerif" };
        assert!(faces.len() == 1 && faces[0].ends_with(&format!("+{face}")), "{}: {fonts}", row["path"]);
        if letter {
            letters += 1;
        } else {
            papers += 1;
        }
    }
    assert!(letters > 0 && papers > 0);
}

#[test]
fn output_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let input = example("prop64-results.csv");
    let out = workdir("privacy").join("out");
    render(&[&input], &out, &["--contacts", example("contacts.csv").to_str().unwrap()]);
    let mut checked = 0;
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        assert_eq!(std::fs::metadata(&d).unwrap().permissions().mode() & 0o777, 0o700, "{}", d.display());
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600, "{}", p.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 20);
    // No personal name, date of birth or CII number in any path.
    let rows = read_csv(&input);
    for f in files(&out) {
        let upper = f.to_uppercase();
        for r in &rows {
            let last = r["PRI_NAME"].split(',').next().unwrap().trim().to_uppercase();
            assert!(last.len() < 3 || !upper.contains(&last), "{f} names {last}");
            assert!(!f.contains(&r["PRI_DOB"]) && !f.contains(&r["CII_NUMBER"]), "{f}");
        }
    }
}

#[test]
fn refuses_a_non_empty_folder_and_resumes_its_own_run() {
    let input = example("prop64-results.csv");
    let dir = workdir("refuse");
    let other = dir.join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let r = run_expect(&["render", input.to_str().unwrap(), "--out", other.to_str().unwrap(), "--as-of", AS_OF], 1);
    assert!(String::from_utf8_lossy(&r.stderr).contains("not empty"));
    assert_eq!(files(&other), ["notes.txt"]);
    let out = dir.join("out");
    render(&[&input], &out, &[]);
    let again = run_expect(&["render", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--as-of", AS_OF], 1);
    assert!(String::from_utf8_lossy(&again.stderr).contains("--resume"));
}

#[test]
fn verify_reports_missing_and_unexpected_files() {
    let input = example("prop64-results.csv");
    let out = workdir("verify").join("out");
    render(&[&input], &out, &[]);
    std::fs::write(out.join("letters/extra.pdf"), b"%PDF").unwrap();
    let v = run_expect(&["verify", out.to_str().unwrap()], 1);
    assert!(String::from_utf8_lossy(&v.stdout).contains("unexpected  letters/extra.pdf"));
    std::fs::remove_file(out.join("letters/extra.pdf")).unwrap();
    std::fs::remove_file(out.join("review.csv")).unwrap();
    let v = run_expect(&["verify", out.to_str().unwrap()], 1);
    assert!(String::from_utf8_lossy(&v.stdout).contains("missing  review.csv"));
}

#[test]
fn check_reports_without_writing() {
    let input = example("prop64-results.csv");
    let r = run_expect(&["check", input.to_str().unwrap(), "--as-of", AS_OF], 0);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("prop64-results.csv:10: no usable case number"), "{err}");
    assert!(err.contains("rows read 11"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    run_expect(&["render", "x.csv", "--out", "o", "--as-of", "13/45/1999"], 2);
    run_expect(&["render"], 2);
}

/// Issue 3's measurements of pleading paper, from the PDF: 28 line numbers in the left column on
/// every page, the court's title on line 8 (3 1/3 in), nothing left of 1 in or right of 8 in, the
/// paper's title in every footer.
#[test]
fn pleading_paper_measured_from_the_pdf() {
    let input = example("prop64-results.csv");
    let dir = workdir("geometry");
    // Los Angeles files omnibus, the other courts per case.
    let config = dir.join("omnibus.toml");
    std::fs::write(&config, std::fs::read_to_string(example("config.toml")).unwrap().replace("filing = \"per-case\"", "filing = \"omnibus\"")).unwrap();
    let out = dir.join("out");
    render(&[&input], &out, &["--config", config.to_str().unwrap()]);
    let manifest = read_csv(&out.join("manifest.csv"));
    let kinds: Vec<&str> = manifest.iter().map(|r| r["kind"].as_str()).collect();
    for kind in ["transmittal", "court-index", "notice-unchallenged", "notice-challenged", "combined", "omnibus-motion", "omnibus-order", "petition", "order"] {
        assert!(kinds.contains(&kind), "manifest has no {kind}");
    }
    assert!(!manifest.iter().any(|r| r["kind"] == "petition" && r["court"] == "los-angeles"), "omnibus: no per-case petitions in Los Angeles");
    let papers: Vec<_> = manifest.iter().filter(|r| matches!(r["kind"].as_str(), "petition" | "order" | "notice-unchallenged" | "notice-challenged" | "omnibus-motion" | "omnibus-order")).collect();
    assert!(papers.len() > 5);
    for paper in papers {
        let pages = words_by_page(&out.join(&paper["path"]));
        assert_eq!(pages.len().to_string(), paper["pages"]);
        for (p, words) in pages.iter().enumerate() {
            let where_ = format!("{} page {}", paper["path"], p + 1);
            let numbers: Vec<&(String, f64, f64, f64, f64)> = words.iter().filter(|w| w.3 < 97.0 && w.0.parse::<u32>().is_ok()).collect();
            let found: Vec<u32> = numbers.iter().map(|w| w.0.parse().unwrap()).collect();
            assert_eq!(found, (1..=28).collect::<Vec<_>>(), "{where_}: line numbers");
            for (i, n) in numbers.iter().enumerate() {
                let expected_top = 72.0 + 24.0 * i as f64;
                assert!((n.2 - expected_top).abs() < 6.0, "{where_}: line {} at {}", i + 1, n.2);
            }
            for w in words.iter().filter(|w| !numbers.iter().any(|n| std::ptr::eq(*n, *w))) {
                assert!(w.1 >= 108.0 - 1.0 && w.3 <= 540.0 + 1.0, "{where_}: `{}` outside the margins ({}..{})", w.0, w.1, w.3);
            }
            let footer = footer(words);
            assert!(footer.iter().any(|w| matches!(*w, "PETITION" | "APPLICATION" | "MOTION" | "ORDER" | "NOTICE")), "{where_}: footer {footer:?}");
            assert!(footer.contains(&(p + 1).to_string().as_str()), "{where_}: page number in {footer:?}");
            if p == 0 {
                let title = words.iter().find(|w| w.0 == "SUPERIOR").expect("court title");
                assert!((title.2 - 240.0).abs() < 4.0, "{where_}: court title top at {}", title.2);
                assert!((title.2 - numbers[7].2).abs() < 2.0, "{where_}: court title level with line 8");
            }
            assert!(!words.iter().any(|w| w.0 == "SAMPLE"), "{where_}: no SAMPLE stamp with a config");
        }
    }
}

/// Rows taller than a page: a case with more counts than a page has lines (its notice row has a
/// line per code section) and a name that breaks on both sides of its dashes. Those rows, and the
/// 40-count case's counts tables, run on over pages; nothing is lost below a page's last line.
#[test]
fn a_row_taller_than_a_page_breaks_across_pages() {
    let dir = workdir("tall-row");
    let input = dir.join("in.csv");
    let mut rows: Vec<_> = (1..=40).map(|i| count_row("2001", "LONG,CASE", "SACRAMENTO", "TL2001", &format!("101001{i:03}000"))).collect();
    rows.push(count_row("2002", "SHORT,CASE", "SACRAMENTO", "TL2002", "101001001000"));
    // Nine words; in the name column the dash of each fits on neither side's line, and takes one
    // of its own: 28 lines with the last name, and 18 breaks to count if each character breaks once.
    let dashed = vec!["WWWWWWWWW—WWWWWWWWW"; 9].join(" ");
    rows.push(count_row("2003", &format!("DASHED,{dashed}"), "SACRAMENTO", "TL2003", "101001001000"));
    gogen_csv(&input, &rows);
    let out = dir.join("out");
    render(&[&input], &out, &[]);
    let manifest = read_csv(&out.join("manifest.csv"));
    let papers: Vec<_> = manifest.iter().filter(|r| matches!(r["kind"].as_str(), "notice-unchallenged" | "petition" | "order")).collect();
    assert_eq!(papers.len(), 7);
    // Pieces of the dashed name (long words get zero-width break points), and all words of the tall
    // rows (the footer below line 28 has none of them).
    let of_name = |w: &str| !w.is_empty() && w.chars().all(|c| matches!(c, 'W' | '—' | '\u{200B}'));
    let of_rows = |w: &str| w.starts_with("11357") || w == "DASHED" || of_name(w);
    for paper in papers {
        let pages = words_by_page(&out.join(&paper["path"]));
        for (p, words) in pages.iter().enumerate() {
            let low: Vec<&str> = words.iter().filter(|w| w.4 > 744.0 && of_rows(&w.0)).map(|w| w.0.as_str()).collect();
            assert!(low.is_empty(), "{} page {}: {low:?} below the last line", paper["path"], p + 1);
        }
        if paper["kind"] == "notice-unchallenged" {
            let ws: usize = pages.iter().flatten().filter(|w| of_name(&w.0)).map(|w| w.0.matches('W').count()).sum();
            assert_eq!(ws, 9 * 18, "{}: the dashed name whole", paper["path"]);
        }
        if paper["kind"] == "notice-unchallenged" || paper["case_numbers"] == "TL2001" {
            let sections: Vec<usize> = pages.iter().map(|words| words.iter().map(|w| w.0.matches("11357").count()).sum()).collect();
            assert!(sections.iter().sum::<usize>() >= 40, "{}: {sections:?} code sections by page", paper["path"]);
            assert!(sections.iter().filter(|&&n| n > 0).count() >= 2, "{}: the counts run over pages: {sections:?}", paper["path"]);
        }
    }
}

/// The words of a pleading page below its 28th line (which ends at 744 pt): page number and title.
fn footer(words: &[(String, f64, f64, f64, f64)]) -> Vec<&str> {
    words.iter().filter(|w| w.2 > 744.0).map(|w| w.0.as_str()).collect()
}

/// Pages of a PDF, as pdfinfo reads them.
fn pdf_pages(pdf: &Path) -> usize {
    let info = String::from_utf8_lossy(&tool("pdfinfo", &[pdf.to_str().unwrap()]).stdout).into_owned();
    info.lines().find(|l| l.starts_with("Pages:")).unwrap().split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn a_big_court_is_filed_in_volumes_each_with_its_own_index() {
    let dir = workdir("volumes");
    let data = dir.join("data");
    // Enough people in one county for more than one 15 MB volume.
    run_expect(&["synth", "--people", "600", "--seed", "5", "--county", "Los Angeles", "--out", data.to_str().unwrap()], 0);
    let out = dir.join("out");
    render(&[&data.join("Prop64_Results.csv")], &out, &["--jobs", "2"]);
    let court = out.join("courts/los-angeles");
    let index = read_csv(&court.join("index.csv"));
    let mut volumes: Vec<String> = index.iter().map(|r| r["volume"].clone()).collect();
    volumes.dedup();
    assert!(volumes.len() >= 2, "more than one volume: {volumes:?}");
    assert!(!court.join("combined.pdf").exists(), "no unnumbered combined.pdf beside the volumes");
    let numbers: Vec<usize> = index.iter().map(|r| r["number"].parse().unwrap()).collect();
    assert_eq!(numbers, (1..=index.len()).collect::<Vec<_>>(), "documents are numbered through the whole court");
    for (v, name) in volumes.iter().enumerate() {
        let n = v + 1;
        assert_eq!(name, &format!("combined-{n:02}.pdf"));
        let combined = court.join(name);
        qpdf_check(&combined);
        assert!(std::fs::metadata(&combined).unwrap().len() < 25 << 20, "{name} stays under what e-filing accepts");
        // Page numbers are those of this volume: from 1, running on, to its last page.
        let rows: Vec<_> = index.iter().filter(|r| &r["volume"] == name).collect();
        let mut next = 1;
        for r in &rows {
            assert_eq!(r["first_page"].parse::<usize>().unwrap(), next, "{name}: {}", r["file"]);
            next = r["last_page"].parse::<usize>().unwrap() + 1;
        }
        assert_eq!(next - 1, pdf_pages(&combined), "{name} ends on its index's last page");
        // The volume's index names its volume and its documents.
        let text = pdftotext_flat(&court.join(format!("index-{n:02}.pdf")));
        assert!(text.contains(&format!("volume {n} of {}", volumes.len())), "index-{n:02}.pdf: {}", text.chars().take(200).collect::<String>());
        assert!(text.contains(&rows[0]["file"]) && text.contains(&rows[rows.len() - 1]["file"]), "index-{n:02}.pdf lists its first and last document");
    }
    // The notice is this long that it is made in parts of 400 rows: its page numbers run on through them.
    let notice = words_by_page(&court.join("notice-unchallenged.pdf"));
    assert!(notice.len() > 20, "a long notice: {} pages", notice.len());
    for (p, words) in notice.iter().enumerate() {
        let footer = footer(words);
        assert!(footer.contains(&(p + 1).to_string().as_str()), "notice page {}: footer {footer:?}", p + 1);
    }
    let zip = String::from_utf8_lossy(&tool("unzip", &["-Z1", out.join("courts/los-angeles.zip").to_str().unwrap()]).stdout).into_owned();
    for n in 1..=volumes.len() {
        for f in [format!("combined-{n:02}.pdf"), format!("index-{n:02}.pdf")] {
            assert!(zip.lines().any(|l| l.ends_with(&f)), "the court's zip holds {f}");
        }
    }
}

#[test]
fn combined_pdf_and_mail_run() {
    let input = example("prop64-results.csv");
    let out = workdir("combined").join("out");
    render(&[&input], &out, &["--contacts", example("contacts.csv").to_str().unwrap()]);
    let manifest = read_csv(&out.join("manifest.csv"));
    let la = out.join("courts/los-angeles/combined.pdf");
    qpdf_check(&la);
    let docs = manifest.iter().filter(|r| r["court"] == "los-angeles" && r["path"].ends_with(".pdf") && !matches!(r["kind"].as_str(), "combined" | "court-index")).count();
    let json = tool("qpdf", &["--json", "--json-key=outlines", "--json-key=pagelabels", la.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["outlines"].as_array().unwrap().len(), docs, "a bookmark per document");
    assert_eq!(v["pagelabels"].as_array().unwrap().len(), docs, "labels restart with each document");
    let pages: usize = manifest.iter().filter(|r| r["court"] == "los-angeles" && r["path"].ends_with(".pdf") && !matches!(r["kind"].as_str(), "combined" | "court-index")).map(|r| r["pages"].parse::<usize>().unwrap()).sum();
    assert_eq!(manifest.iter().find(|r| r["kind"] == "combined" && r["court"] == "los-angeles").unwrap()["pages"], pages.to_string());
    // The mail run: sorted by ZIP within a group, every letter an even number of pages.
    let list = read_csv(&out.join("mail/mailing-list.csv"));
    assert!(!list.is_empty());
    for w in list.windows(2).filter(|w| w[0]["group"] == w[1]["group"]) {
        assert!(w[0]["zip"] <= w[1]["zip"], "sorted by ZIP");
    }
    for r in &list {
        let pages: usize = r["pages"].parse().unwrap();
        assert!(pages >= 2 && pages % 2 == 0);
        qpdf_check(&out.join(&r["print_file"]));
    }
    for f in files(&out.join("mail")).iter().filter(|f| f.ends_with(".pdf")) {
        assert_eq!(pdf_pages(&out.join("mail").join(f)) % 2, 0, "{f} has an even page count");
    }
    let unmailable = read_csv(&out.join("mail/unmailable.csv"));
    assert!(unmailable.iter().any(|r| r["reason"].contains("ZIP")));
    assert!(unmailable.iter().any(|r| r["reason"].contains("deceased")));
}

#[test]
fn synth_can_keep_every_case_in_one_county() {
    let dir = workdir("synth-county");
    run_expect(&["synth", "--people", "40", "--county", "los angeles", "--out", dir.to_str().unwrap()], 0);
    let rows = read_csv(&dir.join("Prop64_Results.csv"));
    assert!(!rows.is_empty() && rows.iter().all(|r| r["STP_ORI_CNTY_NAME"] == "LOS ANGELES"));
    let bad = run_expect(&["synth", "--people", "5", "--county", "Atlantis", "--out", dir.join("x").to_str().unwrap()], 2);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a California county"));
}
