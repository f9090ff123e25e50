//! What kind of PDF each document is: letters tagged, court papers not, one embedded face each;
//! PDF/A-2b and PDF/UA-1 on request.

use crate::util::*;

#[test]
fn letters_are_tagged_and_court_papers_embed_only_their_own_faces() {
    let out = workdir("tagged").join("out");
    render(
        &[&example("prop64-results.csv")],
        &out,
        &["--contacts", example("contacts.csv").to_str().unwrap()],
    );
    let (mut letters, mut papers) = (0, 0);
    for row in read_csv(&out.join("manifest.csv")) {
        let letter = match row["kind"].as_str() {
            "letter" => true,
            "petition" | "order" => false,
            _ => continue,
        };
        let path = out.join(&row["path"]);
        let info = String::from_utf8_lossy(&tool("pdfinfo", &[path.to_str().unwrap()]).stdout)
            .into_owned();
        let tagged = info
            .lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes"));
        assert_eq!(tagged, letter, "{}: tagged {tagged}", row["path"]);
        // One face each: bold (headings, the SAMPLE stamp) is drawn from the regular glyphs, and
        // the stamp prints in the paper's own face.
        let fonts = String::from_utf8_lossy(&tool("pdffonts", &[path.to_str().unwrap()]).stdout)
            .into_owned();
        let faces: Vec<&str> = fonts
            .lines()
            .skip(2)
            .filter_map(|l| l.split_whitespace().next())
            .filter(|f| f.contains("Clearpress"))
            .collect();
        let face = if letter {
            "ClearpressSans"
        } else {
            "ClearpressSerif"
        };
        assert!(
            faces.len() == 1 && faces[0].ends_with(&format!("+{face}")),
            "{}: {fonts}",
            row["path"]
        );
        if letter {
            letters += 1;
        } else {
            papers += 1;
        }
    }
    assert!(letters > 0 && papers > 0);
}

#[test]
fn pdf_a_2b_on_request() {
    let out = workdir("pdfa").join("out");
    render(
        &[&example("prop64-results.csv")],
        &out,
        &["--pdf-standard", "a-2b"],
    );
    let m = read_csv(&out.join("manifest.csv"));
    let mut checked = 0;
    for r in m.iter().filter(|r| {
        matches!(
            r["kind"].as_str(),
            "petition" | "order" | "letter" | "notice-unchallenged" | "transmittal"
        )
    }) {
        let pdf = out.join(&r["path"]);
        qpdf_check(&pdf);
        let bytes = std::fs::read(&pdf).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains("<pdfaid:part>2</pdfaid:part>")
                && text.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
            "{} is identified as PDF/A-2b",
            r["path"]
        );
        checked += 1;
    }
    assert!(checked > 5);
    assert_eq!(summary(&out)["pdf_standard"], "a-2b");
}

#[test]
fn pdf_ua_1_on_request() {
    let out = workdir("pdfua").join("out");
    render(
        &[&example("prop64-results.csv")],
        &out,
        &["--pdf-standard", "a-2b-ua-1"],
    );
    let m = read_csv(&out.join("manifest.csv"));
    for r in m
        .iter()
        .filter(|r| matches!(r["kind"].as_str(), "petition" | "order" | "letter"))
    {
        let text =
            String::from_utf8_lossy(&std::fs::read(out.join(&r["path"])).unwrap()).into_owned();
        assert!(
            text.contains("<pdfuaid:part>1</pdfuaid:part>")
                && text.contains("<pdfaid:part>2</pdfaid:part>"),
            "{}",
            r["path"]
        );
    }
}
