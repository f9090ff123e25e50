//! The court's combined PDF and the mail run: bookmarks and page labels per document, letters
//! sorted by ZIP with even page counts, and the people who cannot be mailed.

use crate::util::*;

#[test]
fn combined_pdf_and_mail_run() {
    let input = example("prop64-results.csv");
    let out = workdir("combined").join("out");
    render(
        &[&input],
        &out,
        &["--contacts", example("contacts.csv").to_str().unwrap()],
    );
    let manifest = read_csv(&out.join("manifest.csv"));
    let la = out.join("courts/los-angeles/combined.pdf");
    qpdf_check(&la);
    let docs = manifest
        .iter()
        .filter(|r| {
            r["court"] == "los-angeles"
                && r["path"].ends_with(".pdf")
                && !matches!(r["kind"].as_str(), "combined" | "court-index")
        })
        .count();
    let json = tool(
        "qpdf",
        &[
            "--json",
            "--json-key=outlines",
            "--json-key=pagelabels",
            la.to_str().unwrap(),
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        v["outlines"].as_array().unwrap().len(),
        docs,
        "a bookmark per document"
    );
    assert_eq!(
        v["pagelabels"].as_array().unwrap().len(),
        docs,
        "labels restart with each document"
    );
    let pages: usize = manifest
        .iter()
        .filter(|r| {
            r["court"] == "los-angeles"
                && r["path"].ends_with(".pdf")
                && !matches!(r["kind"].as_str(), "combined" | "court-index")
        })
        .map(|r| r["pages"].parse::<usize>().unwrap())
        .sum();
    assert_eq!(
        manifest
            .iter()
            .find(|r| r["kind"] == "combined" && r["court"] == "los-angeles")
            .unwrap()["pages"],
        pages.to_string()
    );
    // The mail run: sorted by ZIP within a group, every letter an even number of pages.
    let list = read_csv(&out.join("mail/mailing-list.csv"));
    assert!(!list.is_empty());
    for w in list.windows(2).filter(|w| w[0]["group"] == w[1]["group"]) {
        assert!(w[0]["zip"] <= w[1]["zip"], "sorted by ZIP");
    }
    for r in &list {
        let pages: usize = r["pages"].parse().unwrap();
        assert!(pages >= 2 && pages.is_multiple_of(2));
        qpdf_check(&out.join(&r["print_file"]));
    }
    for f in files(&out.join("mail"))
        .iter()
        .filter(|f| f.ends_with(".pdf"))
    {
        assert_eq!(
            pdf_pages(&out.join("mail").join(f)) % 2,
            0,
            "{f} has an even page count"
        );
    }
    let unmailable = read_csv(&out.join("mail/unmailable.csv"));
    assert!(unmailable.iter().any(|r| r["reason"].contains("ZIP")));
    // A deceased person is held for review (the default policy): no papers, so no letter.
    let deceased: Vec<CsvRow> = review(&out)
        .into_iter()
        .filter(|r| r["reason"].starts_with("deceased"))
        .collect();
    assert!(!deceased.is_empty());
    assert!(
        !unmailable
            .iter()
            .any(|u| deceased.iter().any(|d| d["person_ref"] == u["person_ref"]))
    );
}
