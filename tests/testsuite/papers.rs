//! Court papers: pleading paper measured from the PDF, counts tables over pages, one petition per
//! court, the sample stamp, and a big court filed in volumes.

use std::path::{Path, PathBuf};

use crate::util::*;

#[test]
fn a_config_removes_the_sample_stamp() {
    let input = example("prop64-results.csv");
    let dir = workdir("config");
    render(&[&input], &dir.join("sample"), &[]);
    render(
        &[&input],
        &dir.join("real"),
        &["--config", example("config.toml").to_str().unwrap()],
    );
    let pick = |out: &Path| {
        let m = read_csv(&out.join("manifest.csv"));
        out.join(&m.iter().find(|r| r["kind"] == "petition").unwrap()["path"])
    };
    assert!(pdftotext_flat(&pick(&dir.join("sample"))).contains("SAMPLE — NOT FOR FILING"));
    let real = pdftotext_flat(&pick(&dir.join("real")));
    assert!(!real.contains("SAMPLE"), "{real}");
    assert!(real.contains("Jane Q. Prosecutor") && real.contains("123456"));
}

/// The measurements of pleading paper, from the PDF: 28 line numbers in the left column on
/// every page, the court's title on line 8 (3 1/3 in), nothing left of 1 in or right of 8 in, the
/// paper's title in every footer.
#[test]
fn pleading_paper_measured_from_the_pdf() {
    let input = example("prop64-results.csv");
    let dir = workdir("geometry");
    // Los Angeles files omnibus (sentences still served per case).
    let config = dir.join("omnibus.toml");
    std::fs::write(
        &config,
        std::fs::read_to_string(example("config.toml"))
            .unwrap()
            .replace("filing = \"per-case\"", "filing = \"omnibus\""),
    )
    .unwrap();
    let out = dir.join("out");
    // In the § 11361.9 review frame, so that the notices are there to measure too.
    render(
        &[&input],
        &out,
        &[
            "--config",
            config.to_str().unwrap(),
            "--as-of",
            REVIEW_AS_OF,
        ],
    );
    let manifest = read_csv(&out.join("manifest.csv"));
    let kinds: Vec<&str> = manifest.iter().map(|r| r["kind"].as_str()).collect();
    for kind in [
        "transmittal",
        "court-index",
        "notice-unchallenged",
        "notice-challenged",
        "combined",
        "omnibus-motion",
        "omnibus-order",
        "petition",
        "order",
    ] {
        assert!(kinds.contains(&kind), "manifest has no {kind}");
    }
    // Omnibus: per-case papers in Los Angeles only for the sentence still being served.
    let per_case: Vec<&str> = manifest
        .iter()
        .filter(|r| r["kind"] == "petition" && r["court"] == "los-angeles")
        .map(|r| r["case_numbers"].as_str())
        .collect();
    assert_eq!(per_case, ["LA0774512"], "omnibus: per-case petitions");
    let papers: Vec<_> = manifest
        .iter()
        .filter(|r| {
            matches!(
                r["kind"].as_str(),
                "petition"
                    | "order"
                    | "notice-unchallenged"
                    | "notice-challenged"
                    | "omnibus-motion"
                    | "omnibus-order"
            )
        })
        .collect();
    assert!(papers.len() > 5);
    for paper in papers {
        let pages = words_by_page(&out.join(&paper["path"]));
        assert_eq!(pages.len().to_string(), paper["pages"]);
        // An omnibus paper's Exhibit A follows on plain pages (see exhibit.rs).
        let body = pages.iter().take_while(|words| !is_exhibit_page(words));
        for (p, words) in body.enumerate() {
            assert_pleading_page(words, p, &format!("{} page {}", paper["path"], p + 1));
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
    let mut rows: Vec<_> = (1..=40)
        .map(|i| {
            count_row(
                "2001",
                "LONG,CASE",
                "SACRAMENTO",
                "TL2001",
                &format!("101001{i:03}000"),
            )
        })
        .collect();
    rows.push(count_row(
        "2002",
        "SHORT,CASE",
        "SACRAMENTO",
        "TL2002",
        "101001001000",
    ));
    // Nine words; in the name column the dash of each fits on neither side's line, and takes one
    // of its own: 28 lines with the last name, and 18 breaks to count if each character breaks once.
    let dashed = ["WWWWWWWWW—WWWWWWWWW"; 9].join(" ");
    rows.push(count_row(
        "2003",
        &format!("DASHED,{dashed}"),
        "SACRAMENTO",
        "TL2003",
        "101001001000",
    ));
    gogen_csv(&input, &rows);
    let out = dir.join("out");
    render(&[&input], &out, &["--as-of", REVIEW_AS_OF]);
    let manifest = read_csv(&out.join("manifest.csv"));
    let papers: Vec<_> = manifest
        .iter()
        .filter(|r| {
            matches!(
                r["kind"].as_str(),
                "notice-unchallenged" | "petition" | "order"
            )
        })
        .collect();
    assert_eq!(papers.len(), 7);
    // Pieces of the dashed name (long words get zero-width break points), and all words of the tall
    // rows (the footer below line 28 has none of them).
    let of_name = |w: &str| !w.is_empty() && w.chars().all(|c| matches!(c, 'W' | '—' | '\u{200B}'));
    let of_rows = |w: &str| w.starts_with("11357") || w == "DASHED" || of_name(w);
    for paper in papers {
        let pages = words_by_page(&out.join(&paper["path"]));
        for (p, words) in pages.iter().enumerate() {
            let low: Vec<&str> = words
                .iter()
                .filter(|w| w.4 > 744.0 && of_rows(&w.0))
                .map(|w| w.0.as_str())
                .collect();
            assert!(
                low.is_empty(),
                "{} page {}: {low:?} below the last line",
                paper["path"],
                p + 1
            );
        }
        if paper["kind"] == "notice-unchallenged" {
            let ws: usize = pages
                .iter()
                .flatten()
                .filter(|w| of_name(&w.0))
                .map(|w| w.0.matches('W').count())
                .sum();
            assert_eq!(ws, 9 * 18, "{}: the dashed name whole", paper["path"]);
        }
        if paper["kind"] == "notice-unchallenged" || paper["case_numbers"] == "TL2001" {
            let sections: Vec<usize> = pages
                .iter()
                .map(|words| words.iter().map(|w| w.0.matches("11357").count()).sum())
                .collect();
            assert!(
                sections.iter().sum::<usize>() >= 40,
                "{}: {sections:?} code sections by page",
                paper["path"]
            );
            assert!(
                sections.iter().filter(|&&n| n > 0).count() >= 2,
                "{}: the counts run over pages: {sections:?}",
                paper["path"]
            );
        }
    }
}

/// Jane Doe's one case `case` with `counts` counts, rendered: the output folder, the petition and
/// its pages.
fn petition_with_counts(name: &str, case: &str, counts: usize) -> (PathBuf, PathBuf, usize) {
    let d = workdir(name);
    let input = d.join(format!("{name}.csv"));
    let rows_in: Vec<Row> = (1..=counts)
        .map(|i| {
            count_row(
                "1001",
                "DOE,JANE",
                "SACRAMENTO",
                case,
                &format!("101001{i:03}000"),
            )
        })
        .collect();
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
    assert_eq!(summary_count(&out, "rows_used"), 200);
    assert!(exceptions(&out).is_empty(), "{:?}", exceptions(&out));
    assert!(pages > 2, "200 counts on {pages} pages");
    let second = page_text(&pdf, 2);
    assert!(
        second.contains("Relief"),
        "the table header repeats on page 2: {second}"
    );
    let all = pdftotext_flat(&pdf);
    assert!(
        all.matches("Dismiss and seal").count() >= 200,
        "every count is listed"
    );
    assert!(all.contains("JANE DOE"));
}

#[test]
fn signatures_stand_below_the_last_paragraph() {
    // Papers of 1 to 24 counts: the signature falls at every height of a page.
    let d = workdir("signature-pages");
    let input = d.join("rows.csv");
    let rows: Vec<Row> = (1..=24)
        .flat_map(|person| {
            (1..=person).map(move |i| {
                count_row(
                    &format!("{}", 7000 + person),
                    "DOE,JANE",
                    "SACRAMENTO",
                    &format!("SG{person}"),
                    &format!("101001{i:03}000"),
                )
            })
        })
        .collect();
    gogen_csv(&input, &rows);
    let out = d.join("out");
    render_ok(&[&input], &out);
    // Each paper's signature, and words of the paragraph above it.
    for (kind, signature, last) in [
        (
            "order",
            "Judge of the Superior Court",
            "Penal Code section 290",
        ),
        ("petition", "Respectfully submitted", "request a hearing"),
    ] {
        let papers: Vec<CsvRow> = manifest(&out)
            .into_iter()
            .filter(|r| r["kind"] == kind)
            .collect();
        assert_eq!(papers.len(), 24);
        for paper in &papers {
            let pdf = out.join(&paper["path"]);
            let page = (1..=pdf_pages(&pdf))
                .map(|p| page_text(&pdf, p))
                .find(|t| t.contains(signature))
                .unwrap_or_else(|| panic!("{}: no signature", paper["path"]));
            assert!(
                page.contains(last),
                "{}: the signature is on a page without the paper's last paragraph:\n{page}",
                paper["path"]
            );
        }
    }
}

#[test]
fn a_short_counts_table_is_kept_on_one_page() {
    // Eight counts: the table's header and rows do not fit under the petition's opening on page 1.
    let (_, pdf, pages) = petition_with_counts("short-table", "ST1001", 8);
    // Each row shows the conviction date, which nothing else on the petition does.
    let with_table: Vec<String> = (1..=pages)
        .map(|n| page_text(&pdf, n))
        .filter(|t| t.contains("06/12/1995"))
        .collect();
    assert_eq!(with_table.len(), 1, "the table is on one page");
    assert!(
        with_table[0].contains("Relief"),
        "under its header: {}",
        with_table[0]
    );
    assert_eq!(
        with_table[0].matches("06/12/1995").count(),
        8,
        "with all eight counts"
    );
}

#[test]
fn one_person_in_two_counties_gets_a_petition_in_each_court() {
    let d = workdir("two-counties");
    let input = d.join("two.csv");
    gogen_csv(
        &input,
        &[
            count_row(
                "1001",
                "DOE,JANE",
                "LOS ANGELES",
                "BA100001",
                "101001001000",
            ),
            count_row("1001", "DOE,JANE", "SACRAMENTO", "SC200002", "102001001000"),
        ],
    );
    let out = d.join("out");
    render_ok(&[&input], &out);
    let m = manifest(&out);
    let la = docs_for(&m, "petition", "BA100001");
    let sac = docs_for(&m, "petition", "SC200002");
    assert_eq!((la.len(), sac.len()), (1, 1), "{m:#?}");
    assert!(
        la[0]["path"].starts_with("courts/los-angeles/"),
        "{}",
        la[0]["path"]
    );
    assert!(
        sac[0]["path"].starts_with("courts/sacramento/"),
        "{}",
        sac[0]["path"]
    );
    for p in [&la[0]["path"], &sac[0]["path"]] {
        assert!(pdftotext_flat(&out.join(p)).contains("JANE DOE"), "{p}");
    }
    let s = summary(&out);
    assert_eq!(s["people"].as_u64(), Some(1));
    assert_eq!(s["cases"].as_u64(), Some(2));
    assert_eq!(
        m.iter().filter(|r| r["kind"] == "letter").count(),
        1,
        "one letter for the person"
    );
}

#[test]
fn a_big_court_is_filed_in_volumes_each_with_its_own_index() {
    let dir = workdir("volumes");
    let data = dir.join("data");
    // Enough people in one county for more than one 15 MB volume.
    run_expect(
        &[
            "synth",
            "--people",
            "600",
            "--seed",
            "5",
            "--county",
            "Los Angeles",
            "--out",
            data.to_str().unwrap(),
        ],
        0,
    );
    let out = dir.join("out");
    render(
        &[&data.join("Prop64_Results.csv")],
        &out,
        &["--jobs", "2", "--as-of", REVIEW_AS_OF],
    );
    let court = out.join("courts/los-angeles");
    let index = read_csv(&court.join("index.csv"));
    let mut volumes: Vec<String> = index.iter().map(|r| r["volume"].clone()).collect();
    volumes.dedup();
    assert!(volumes.len() >= 2, "more than one volume: {volumes:?}");
    assert!(
        !court.join("combined.pdf").exists(),
        "no unnumbered combined.pdf beside the volumes"
    );
    let numbers: Vec<usize> = index.iter().map(|r| r["number"].parse().unwrap()).collect();
    assert_eq!(
        numbers,
        (1..=index.len()).collect::<Vec<_>>(),
        "documents are numbered through the whole court"
    );
    for (v, name) in volumes.iter().enumerate() {
        let n = v + 1;
        assert_eq!(name, &format!("combined-{n:02}.pdf"));
        let combined = court.join(name);
        qpdf_check(&combined);
        assert!(
            std::fs::metadata(&combined).unwrap().len() < 25 << 20,
            "{name} stays under what e-filing accepts"
        );
        // Page numbers are those of this volume: from 1, running on, to its last page.
        let rows: Vec<_> = index.iter().filter(|r| &r["volume"] == name).collect();
        let mut next = 1;
        for r in &rows {
            assert_eq!(
                r["first_page"].parse::<usize>().unwrap(),
                next,
                "{name}: {}",
                r["file"]
            );
            next = r["last_page"].parse::<usize>().unwrap() + 1;
        }
        assert_eq!(
            next - 1,
            pdf_pages(&combined),
            "{name} ends on its index's last page"
        );
        // The volume's index names its volume and its documents.
        let text = pdftotext_flat(&court.join(format!("index-{n:02}.pdf")));
        assert!(
            text.contains(&format!("volume {n} of {}", volumes.len())),
            "index-{n:02}.pdf: {}",
            text.chars().take(200).collect::<String>()
        );
        assert!(
            text.contains(&rows[0]["file"]) && text.contains(&rows[rows.len() - 1]["file"]),
            "index-{n:02}.pdf lists its first and last document"
        );
    }
    // The notice is this long that it is made in parts of 400 rows: its page numbers run on through them.
    let notice = words_by_page(&court.join("notice-unchallenged.pdf"));
    assert!(notice.len() > 20, "a long notice: {} pages", notice.len());
    for (p, words) in notice.iter().enumerate() {
        let footer = footer(words);
        assert!(
            footer.contains(&(p + 1).to_string().as_str()),
            "notice page {}: footer {footer:?}",
            p + 1
        );
    }
    let zip = String::from_utf8_lossy(
        &tool(
            "unzip",
            &["-Z1", out.join("courts/los-angeles.zip").to_str().unwrap()],
        )
        .stdout,
    )
    .into_owned();
    for n in 1..=volumes.len() {
        for f in [format!("combined-{n:02}.pdf"), format!("index-{n:02}.pdf")] {
            assert!(
                zip.lines().any(|l| l.ends_with(&f)),
                "the court's zip holds {f}"
            );
        }
    }
}
