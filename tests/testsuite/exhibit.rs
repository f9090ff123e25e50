//! Omnibus papers: the motion and the order on pleading paper, then Exhibit A on plain pages, a
//! row for every count the omnibus covers, read back from the PDFs with `pdftotext -bbox`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::util::*;

/// The columns of Exhibit A, by the first word of their header.
const COLUMNS: [&str; 9] = [
    "No.",
    "Name",
    "Born",
    "Case",
    "Count",
    "Code",
    "Level",
    "Convicted",
    "Relief",
];

/// One page of Exhibit A as read back.
struct ExhibitPage {
    /// Its footer's "page N of M".
    number: usize,
    of: usize,
    /// The column headers found under the heading, in order.
    header: Vec<String>,
    /// The rows: their number and each column's text (the headers' columns).
    rows: Vec<(usize, Vec<String>)>,
    /// Where each column starts, in points from the left edge.
    columns: Vec<f64>,
    words: Vec<Word>,
}

/// A paper's pages before its exhibit (the motion or order), and the exhibit's pages.
fn read_paper(pdf: &Path) -> (Vec<Vec<Word>>, Vec<ExhibitPage>) {
    let pages = words_by_page(pdf);
    let body: Vec<Vec<Word>> = pages
        .iter()
        .take_while(|w| !is_exhibit_page(w))
        .cloned()
        .collect();
    let exhibit = pages[body.len()..]
        .iter()
        .enumerate()
        .map(|(i, words)| {
            read_exhibit_page(words, &format!("{} exhibit page {}", pdf.display(), i + 1))
        })
        .collect();
    (body, exhibit)
}

fn read_exhibit_page(words: &[Word], where_: &str) -> ExhibitPage {
    assert!(is_exhibit_page(words), "{where_}: not an exhibit page");
    let at = words
        .windows(7)
        .position(|w| w[0].0 == "Exhibit" && w[1].0 == "A" && w[3].0 == "page" && w[5].0 == "of")
        .unwrap_or_else(|| panic!("{where_}: no \"Exhibit A — page N of M\""));
    let number = words[at + 4].0.parse().unwrap();
    let of = words[at + 6].0.parse().unwrap();
    // The column header: the line of the top margin with "Relief" on it.
    let relief = words
        .iter()
        .find(|w| w.0 == "Relief" && w.2 < 110.0)
        .unwrap_or_else(|| panic!("{where_}: no column header"));
    let mut line: Vec<&Word> = words
        .iter()
        .filter(|w| (w.2 - relief.2).abs() < 2.0)
        .collect();
    line.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut header = Vec::new();
    let mut columns = Vec::new();
    for w in line {
        if COLUMNS.contains(&w.0.as_str()) && !header.contains(&w.0) {
            header.push(w.0.clone());
            columns.push(w.1 - 4.0);
        }
    }
    let column = |x: f64| columns.iter().rposition(|&c| x >= c).unwrap_or(0);
    // Rows: between the header and the footer, each starting at its number.
    let body: Vec<&Word> = words
        .iter()
        .filter(|w| w.2 > relief.4 + 2.0 && w.4 < 735.0)
        .collect();
    let mut starts: Vec<(f64, usize)> = body
        .iter()
        .filter(|w| column(w.1) == 0)
        .filter_map(|w| w.0.parse().ok().map(|n| (w.2, n)))
        .collect();
    starts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let rows = starts
        .iter()
        .enumerate()
        .map(|(i, &(top, n))| {
            let bottom = starts.get(i + 1).map_or(f64::MAX, |s| s.0 - 1.0);
            let mut cells = vec![Vec::new(); columns.len()];
            let mut mine: Vec<&&Word> = body
                .iter()
                .filter(|w| w.2 >= top - 1.0 && w.2 < bottom)
                .collect();
            mine.sort_by(|a, b| (a.2.round(), a.1).partial_cmp(&(b.2.round(), b.1)).unwrap());
            for w in mine {
                cells[column(w.1)].push(w.0.clone());
            }
            (n, cells.into_iter().map(|c| c.join(" ")).collect())
        })
        .collect();
    ExhibitPage {
        number,
        of,
        header,
        rows,
        columns,
        words: words.to_vec(),
    }
}

/// Los Angeles filed omnibus, with `extra` lines in its court table.
fn omnibus_config(dir: &Path, extra: &str) -> PathBuf {
    let config = dir.join("omnibus.toml");
    std::fs::write(
        &config,
        std::fs::read_to_string(example("config.toml"))
            .unwrap()
            .replace(
                "filing = \"per-case\"",
                &format!("filing = \"omnibus\"\n{extra}"),
            ),
    )
    .unwrap();
    config
}

/// People made for this test beside the synthetic county: a name written as markup, a name longer
/// than its column, one person under two names, one still serving a sentence.
fn special_people(path: &Path) {
    let mut still_serving = count_row(
        "9904",
        "SERVING,STILL",
        "LOS ANGELES",
        "EX9904",
        "101001001000",
    );
    for (col, v) in [
        ("STP_EVENT_DATE", "20100301"),
        ("Date of Conviction", "03/01/2010"),
        ("SENT_LENGTH", "45"),
        ("SENT_TIME_CODE", "Y"),
    ] {
        set(&mut still_serving, col, v);
    }
    gogen_csv(
        path,
        &[
            count_row(
                "9901",
                "*BOLD*,#read(\"/etc/passwd\")",
                "LOS ANGELES",
                "EX9901",
                "101001001000",
            ),
            count_row(
                "9902",
                "WOLFESCHLEGELSTEINHAUSENBERGERDORFF,HUBERT BLAINE",
                "LOS ANGELES",
                "EX9902",
                "101001001000",
            ),
            count_row("9903", "DOE,JANE", "LOS ANGELES", "EX9903", "101001001000"),
            count_row(
                "9903",
                "SMITH,JANE",
                "LOS ANGELES",
                "EX9913",
                "102001001000",
            ),
            still_serving,
        ],
    );
}

/// An omnibus run of a county with thousands of counts: Exhibit A after the signature, on plain
/// pages of at least 40 counts, every count once in each paper's exhibit, its header on every
/// page and "page N of M" running on through the parts it is made in.
#[test]
fn an_omnibus_county_files_exhibit_a_after_the_signature_on_plain_pages() {
    let dir = workdir("exhibit");
    let data = dir.join("data");
    run_expect(
        &[
            "synth",
            "--people",
            "1600",
            "--seed",
            "26",
            "--county",
            "Los Angeles",
            "--out",
            data.to_str().unwrap(),
        ],
        0,
    );
    let results = data.join("Prop64_Results.csv");
    let special = dir.join("special.csv");
    special_people(&special);
    let config = omnibus_config(&dir, "");
    let out = dir.join("out");
    render(
        &[&results, &special],
        &out,
        &["--config", config.to_str().unwrap(), "--jobs", "2"],
    );
    assert_row_identity(&out);
    let manifest = manifest(&out);
    let court = out.join("courts/los-angeles");

    // Resentences stay per case; the omnibus covers the rest.
    let per_case: BTreeSet<String> = manifest
        .iter()
        .filter(|r| r["kind"] == "petition" && r["court"] == "los-angeles")
        .map(|r| r["case_numbers"].clone())
        .collect();
    assert!(per_case.contains("EX9904"), "{per_case:?}");
    assert!(!per_case.contains("EX9901"));

    // Every count the omnibus covers, from the inputs: dismissals and reductions, less rows
    // rejected or held for review and the cases filed on their own.
    let rejected: BTreeSet<(String, String)> = exceptions(&out)
        .iter()
        .chain(review(&out).iter())
        .map(|e| (e["source"].clone(), e["line"].clone()))
        .collect();
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for file in [&results, &special] {
        for (i, row) in read_csv(file).iter().enumerate() {
            let line = (i + 2).to_string();
            if rejected.contains(&(file.display().to_string(), line))
                || !matches!(
                    row["Eligibility Determination"].as_str(),
                    "Eligible for Dismissal" | "Eligible for Reduction"
                )
                || per_case.contains(&row["Case Number"])
            {
                continue;
            }
            *expected.entry(row["Case Number"].clone()).or_default() += 1;
        }
    }
    let counts: usize = expected.values().sum();
    assert!(counts > 2000, "thousands of counts: {counts}");

    let mut exhibits = Vec::new();
    for kind in ["omnibus-motion", "omnibus-order"] {
        let entry = manifest.iter().find(|r| r["kind"] == kind).unwrap();
        let pdf = out.join(&entry["path"]);
        let where_ = entry["path"].as_str();
        let (body, exhibit) = read_paper(&pdf);
        assert_eq!(body.len() + exhibit.len(), pdf_pages(&pdf));

        // The motion or order: pleading paper, totals, the clause, the signature.
        assert!(
            !body.is_empty() && body.len() <= 3,
            "{where_}: {} body pages",
            body.len()
        );
        for (p, words) in body.iter().enumerate() {
            assert_pleading_page(words, p, &format!("{where_} page {}", p + 1));
        }
        // The text without the line numbers in the left column.
        let text: String = body
            .iter()
            .flatten()
            .filter(|w| w.1 > 100.0)
            .map(|w| w.0.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains(&format!("{counts} counts")),
            "{where_}: the body gives the count total {counts}: {text}"
        );
        assert!(
            text.contains("for each count listed in Exhibit A, as marked"),
            "{where_}: {text}"
        );
        let signature = if kind == "omnibus-order" {
            "Judge of the Superior Court"
        } else {
            "Respectfully submitted"
        };
        assert!(
            text.contains(signature),
            "{where_}: the signature is before Exhibit A"
        );
        for page in &exhibit {
            let words: Vec<&str> = page.words.iter().map(|w| w.0.as_str()).collect();
            assert!(
                !words.join(" ").contains(signature) && !words.contains(&"/s/"),
                "{where_}: a signature on an exhibit page"
            );
        }

        // Exhibit A: plain pages of at least 40 counts, headed, numbered N of M.
        let m = exhibit.len();
        assert!(
            m <= counts / 40 + 2,
            "{where_}: {m} exhibit pages for {counts} counts"
        );
        for (i, page) in exhibit.iter().enumerate() {
            let at = format!("{where_} exhibit page {}", i + 1);
            assert_eq!((page.number, page.of), (i + 1, m), "{at}: footer");
            assert_eq!(page.header, COLUMNS, "{at}: column header");
            let heading = page
                .words
                .windows(2)
                .any(|w| w[0].0 == "EXHIBIT" && w[1].0 == "A" && w[0].2 < 72.0);
            assert!(heading, "{at}: headed EXHIBIT A");
            assert!(
                page.words.iter().any(|w| w.0 == "Matter")
                    && page.words.iter().any(|w| w.0 == "11361.8"),
                "{at}: the case title in the footer"
            );
            for w in &page.words {
                assert!(
                    w.1 >= 71.0 && w.3 <= 577.0,
                    "{at}: `{}` outside the margins",
                    w.0
                );
            }
            if i + 1 < m {
                assert!(page.rows.len() >= 40, "{at}: {} rows", page.rows.len());
            }
        }
        let rows: Vec<&(usize, Vec<String>)> = exhibit.iter().flat_map(|p| &p.rows).collect();
        let numbers: Vec<usize> = rows.iter().map(|r| r.0).collect();
        assert_eq!(
            numbers,
            (1..=counts).collect::<Vec<_>>(),
            "{where_}: every row numbered, once"
        );
        // Every count once: a case's counts each once, and as many as the inputs have.
        let mut found: BTreeMap<String, usize> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for (n, cells) in &rows {
            let (name, case, count) = (&cells[1], &cells[3], &cells[4]);
            assert!(
                seen.insert((name.clone(), case.clone(), count.clone())),
                "{where_}: row {n} repeats count {count} of {case}"
            );
            *found.entry(case.clone()).or_default() += 1;
        }
        assert_eq!(found, expected, "{where_}: the counts of each case");
        exhibits.push(rows.iter().map(|r| r.1.clone()).collect::<Vec<_>>());

        // Person data prints as written; a long name wraps inside its column.
        let row_of = |case: &str| rows.iter().find(|r| r.1[3] == case).unwrap();
        let marked = &row_of("EX9901").1[1];
        assert!(
            marked.contains("#read(\"/etc/passwd\")") && marked.contains("*BOLD*"),
            "{where_}: {marked}"
        );
        let long = row_of("EX9902");
        let squeezed: String = long.1[1].chars().filter(|c| c.is_alphanumeric()).collect();
        assert_eq!(squeezed, "HUBERTBLAINEWOLFESCHLEGELSTEINHAUSENBERGERDORFF");
        let page = exhibit
            .iter()
            .find(|p| p.rows.iter().any(|r| r.0 == long.0))
            .unwrap();
        let surname = "WOLFESCHLEGELSTEINHAUSENBERGERDORFF";
        let pieces: Vec<&Word> = page
            .words
            .iter()
            .filter(|w| {
                let w = w.0.replace('\u{200B}', "");
                w.len() >= 3 && surname.contains(&w)
            })
            .collect();
        assert!(
            pieces.len() >= 2,
            "{where_}: the long name wraps: {pieces:?}"
        );
        let (name_left, born) = (page.columns[1], page.columns[2]);
        assert!(
            pieces.iter().all(|w| w.1 >= name_left && w.3 <= born + 1.0),
            "{where_}: {pieces:?} outside the name column"
        );
        // The same person under another name on a case: an AKA.
        let aka: Vec<&String> = rows
            .iter()
            .filter(|r| r.1[3] == "EX9903" || r.1[3] == "EX9913")
            .map(|r| &r.1[1])
            .collect();
        assert!(
            aka.iter().any(|n| n.contains("AKA JANE")),
            "{where_}: {aka:?}"
        );
        assert!(
            !rows.iter().any(|r| r.1[3] == "EX9904"),
            "{where_}: a resentence in the exhibit"
        );
        assert!(
            rows.iter().all(|r| r.1[2].len() == 10),
            "{where_}: a date of birth in each row"
        );
    }
    assert!(
        exhibits[0] == exhibits[1],
        "the motion and the order list the same rows"
    );

    // The court's index and combined volumes page the whole paper.
    let index = read_csv(&court.join("index.csv"));
    for kind in ["omnibus-motion", "omnibus-order"] {
        let entry = index.iter().find(|r| r["kind"] == kind).unwrap();
        let pages = entry["last_page"].parse::<usize>().unwrap()
            - entry["first_page"].parse::<usize>().unwrap()
            + 1;
        assert_eq!(
            pages,
            pdf_pages(&court.join(format!("{kind}.pdf"))),
            "{kind} in the index"
        );
    }
}

/// `exhibit_dob = false` leaves the date of birth out of Exhibit A; the names get its room.
#[test]
fn a_court_can_leave_dates_of_birth_out_of_the_exhibit() {
    let dir = workdir("exhibit-no-dob");
    let config = omnibus_config(&dir, "exhibit_dob = false");
    let out = dir.join("out");
    render(
        &[&example("prop64-results.csv")],
        &out,
        &["--config", config.to_str().unwrap()],
    );
    let (body, exhibit) = read_paper(&out.join("courts/los-angeles/omnibus-order.pdf"));
    assert!(!body.is_empty() && !exhibit.is_empty());
    let with: Vec<&str> = COLUMNS.iter().copied().filter(|c| *c != "Born").collect();
    for page in &exhibit {
        assert_eq!(page.header, with);
        let date = |c: &String| c.len() == 10 && c.matches('/').count() == 2;
        for (n, cells) in &page.rows {
            // Only the conviction date looks like a date.
            let dates: Vec<usize> = (0..cells.len()).filter(|&i| date(&cells[i])).collect();
            assert_eq!(dates, [6], "row {n}: {cells:?}");
        }
    }
}
