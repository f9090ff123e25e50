//! E-filing: each court's envelopes (checked against docs/envelopes.schema.json), the titles in
//! them against the PDFs, the court's dispositions file against the papers, `preflight` on a real
//! output and on PDFs a court would refuse, and held-back filings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::*;

/// Both sample counties, both courts configured: Sacramento per case, San Joaquin omnibus.
const TWO_COURTS: &str = r#"
[office]
name = "Office of the District Attorney, County of Sample"
address = ["100 Example Street", "Sampletown, CA 90000"]
phone = "(555) 555-0100"

[signer]
name = "Jane Q. Prosecutor"
title = "Deputy District Attorney"
bar_number = "123456"

[courts.sacramento]
filing = "per-case"

[courts.san-joaquin]
filing = "omnibus"

# San Joaquin's one filable person is reported deceased: filed, so that it has a package.
[policy]
deceased = "file"
"#;

fn two_county_inputs() -> [PathBuf; 2] {
    [
        gogen_dir().join("sacramento_configurable_flow/Prop64_Results.csv"),
        gogen_dir().join("san_joaquin_no_headers/Prop64_Results.csv"),
    ]
}

/// Renders the two counties with `config` (TOML text) into `dir/out`; the config's path.
fn render_two(dir: &Path, config: &str) -> (PathBuf, PathBuf) {
    let file = dir.join("office.toml");
    std::fs::write(&file, config).unwrap();
    let out = dir.join("out");
    let inputs = two_county_inputs();
    render(
        &[&inputs[0], &inputs[1]],
        &out,
        &["--config", file.to_str().unwrap()],
    );
    assert_row_identity(&out);
    (out, file)
}

/// `clearpress preflight DIR --config CONFIG`, expected to exit with `code`.
fn preflight_of(dir: &Path, config: &Path, code: i32) -> std::process::Output {
    run_expect(
        &[
            "preflight",
            dir.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
        ],
        code,
    )
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every document of every filing of an envelopes.json, with its envelope.
fn documents(envelopes: &Value) -> Vec<(&Value, &Value)> {
    envelopes["envelopes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| {
            e["filings"].as_array().unwrap().iter().flat_map(move |f| {
                f["documents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |d| (e, d))
            })
        })
        .collect()
}

/// Whether `page` (its text as pdftotext reads it) prints `title`: its words in order, close
/// together. The caption prints the title in a column beside the parties, whose lines pdftotext
/// may read in between.
fn prints(page: &str, title: &str) -> bool {
    const GAP: usize = 10;
    let words: Vec<&str> = page.split_whitespace().collect();
    let title: Vec<&str> = title.split_whitespace().collect();
    (0..words.len()).any(|start| {
        let mut at = start;
        title.iter().enumerate().all(|(i, w)| {
            let limit = if i == 0 { 1 } else { GAP + 1 };
            match words[at..].iter().take(limit).position(|p| p == w) {
                Some(k) => {
                    at += k + 1;
                    true
                }
                None => false,
            }
        })
    })
}

/// The PDF's title as pdfinfo reads it.
fn pdf_title(pdf: &Path) -> String {
    let info = lossy(&tool("pdfinfo", &[pdf.to_str().unwrap()]).stdout);
    info.lines()
        .find_map(|l| l.strip_prefix("Title:"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The code sections a counts table or exhibit prints ("HS 11357(a)"), counted.
fn counts_printed(pdf: &Path) -> usize {
    let text = pdftotext_flat(pdf);
    let words: Vec<&str> = text.split(' ').collect();
    words
        .windows(2)
        .filter(|w| w[0] == "HS" && (w[1].starts_with("1135") || w[1].starts_with("11360")))
        .count()
}

#[test]
fn two_courts_envelopes_hold_every_document_once_titled_as_its_caption() {
    let dir = workdir("efiling-two-courts");
    let (out, config) = render_two(&dir, TWO_COURTS);
    let schema = json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/envelopes.schema.json"));
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let manifest = manifest(&out);
    let filed = [
        "petition",
        "order",
        "notice-unchallenged",
        "notice-challenged",
        "omnibus-motion",
        "omnibus-order",
        "transmittal",
        "court-index",
    ];
    let mut dispositions_total = 0;
    for court in ["sacramento", "san-joaquin"] {
        let folder = out.join("courts").join(court);
        let envelopes = json(&folder.join("envelopes.json"));
        let errors: Vec<String> = validator
            .iter_errors(&envelopes)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{court}: {errors:#?}");
        assert_eq!(envelopes["court"]["slug"], court);
        assert_eq!(envelopes["configured"], false);
        assert_eq!(envelopes["held"].as_array().unwrap().len(), 0);
        let limit = envelopes["limits"]["largest_envelope_bytes"]
            .as_u64()
            .unwrap();
        for e in envelopes["envelopes"].as_array().unwrap() {
            let bytes = e["bytes"].as_u64().unwrap();
            assert!(
                bytes <= limit,
                "{court}: envelope {} over its limit",
                e["id"]
            );
            let docs: Vec<&Value> = e["filings"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|f| f["documents"].as_array().unwrap())
                .collect();
            assert_eq!(
                docs.iter()
                    .map(|d| d["bytes"].as_u64().unwrap())
                    .sum::<u64>(),
                bytes
            );
            for f in e["filings"].as_array().unwrap() {
                let docs = f["documents"].as_array().unwrap();
                assert_eq!(docs[0]["lead"], true, "{f}");
                assert!(docs[1..].iter().all(|d| d["lead"] == false), "{f}");
                assert_eq!(f["filing_description"], docs[0]["title"]);
                let kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap()).collect();
                match kinds[0] {
                    "petition" => {
                        assert_eq!(kinds, ["petition", "order"]);
                        // A case's envelope names its case and its defendant as the caption does.
                        let lead = folder.join(docs[0]["file"].as_str().unwrap());
                        let defendant = &e["parties"][1];
                        assert_eq!(defendant["party_type"], "Defendant");
                        let name = defendant["name"].as_str().unwrap();
                        assert!(page_text(&lead, 1).contains(name), "{name}");
                        let case = e["case"]["docket_number"].as_str().unwrap();
                        assert!(page_text(&lead, 1).contains(case), "{case}");
                    }
                    "omnibus-motion" => assert_eq!(kinds, ["omnibus-motion", "omnibus-order"]),
                    "transmittal" => {
                        assert!(kinds[1..].iter().all(|k| *k == "court-index"), "{kinds:?}")
                    }
                    _ => assert_eq!(kinds.len(), 1, "{kinds:?}"),
                }
            }
        }
        // Every document of the court in exactly one filing, as the manifest lists it, with its
        // title as its first page prints it and as its PDF says.
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (_, d) in documents(&envelopes) {
            let file = d["file"].as_str().unwrap();
            *seen.entry(file.to_string()).or_default() += 1;
            let row = manifest
                .iter()
                .find(|r| r["path"] == format!("courts/{court}/{file}"))
                .unwrap_or_else(|| panic!("{file} is not in the manifest"));
            assert_eq!(d["sha256"].as_str().unwrap(), row["sha256"]);
            assert_eq!(d["bytes"].as_u64().unwrap().to_string(), row["bytes"]);
            assert_eq!(d["pages"].as_u64().unwrap().to_string(), row["pages"]);
            assert_eq!(d["kind"].as_str().unwrap(), row["kind"]);
            let pdf = folder.join(file);
            let title = d["title"].as_str().unwrap();
            assert!(
                prints(&page_text(&pdf, 1), title),
                "{file}: its first page does not print \"{title}\""
            );
            assert_eq!(pdf_title(&pdf), title, "{file}");
        }
        let court_docs: Vec<&CsvRow> = manifest
            .iter()
            .filter(|r| r["court"] == court && filed.contains(&r["kind"].as_str()))
            .collect();
        assert!(court_docs.len() >= 4);
        for r in &court_docs {
            let file = r["path"].rsplit('/').next().unwrap();
            assert_eq!(seen.get(file), Some(&1), "{court}: {file}");
        }
        assert_eq!(seen.len(), court_docs.len());

        // The court's data file: a row per count asked, each at its document's first page.
        let rows = read_csv(&folder.join("dispositions.csv"));
        let header = std::fs::read_to_string(folder.join("dispositions.csv")).unwrap();
        assert_eq!(
            header.lines().next().unwrap(),
            "court,case_number,count,code_section,level,conviction_date,relief,document,volume,page,person_ref,name,dob,cii_number"
        );
        assert!(!rows.is_empty());
        dispositions_total += rows.len();
        let leads: Vec<&CsvRow> = court_docs
            .iter()
            .copied()
            .filter(|r| matches!(r["kind"].as_str(), "petition" | "omnibus-motion"))
            .collect();
        for lead in &leads {
            let file = lead["path"].rsplit('/').next().unwrap();
            let mine: Vec<&CsvRow> = rows.iter().filter(|r| r["document"] == file).collect();
            assert_eq!(
                mine.len(),
                counts_printed(&out.join(&lead["path"])),
                "{file}: one row per count its table prints"
            );
            for r in mine {
                assert_eq!(r["court"], court);
                assert!(
                    [
                        "dismiss-seal",
                        "redesignate-misdemeanor",
                        "redesignate-infraction",
                        "recall-dismiss",
                        "resentence-misdemeanor",
                        "resentence-infraction",
                    ]
                    .contains(&r["relief"].as_str()),
                    "{}",
                    r["relief"]
                );
                let page: usize = r["page"].parse().unwrap();
                let volume = folder.join(&r["volume"]);
                let first = page_text(&volume, page);
                let title = pdf_title(&out.join(&lead["path"]));
                assert!(prints(&first, &title), "{file} at {page}");
                if lead["kind"] == "petition" {
                    assert_eq!(r["person_ref"], lead["person_ref"]);
                    assert!(first.contains(&r["name"]), "{file}: the name");
                }
            }
        }
        let zip = lossy(
            &tool(
                "unzip",
                &[
                    "-l",
                    out.join(format!("courts/{court}.zip")).to_str().unwrap(),
                ],
            )
            .stdout,
        );
        for f in ["envelopes.json", "dispositions.csv"] {
            assert!(zip.contains(&format!("{court}/{f}")), "the zip holds {f}");
        }
    }
    assert_eq!(
        summary(&out)["efiling"]["dispositions"].as_u64().unwrap() as usize,
        dispositions_total
    );
    assert_eq!(summary(&out)["preflight"]["failed"], 0);
    assert!(summary(&out)["preflight"]["checked"].as_u64().unwrap() > 20);

    // Preflight passes on what render wrote, and verify covers the new files.
    let p = preflight_of(&out, &config, 0);
    assert!(lossy(&p.stdout).is_empty(), "{}", lossy(&p.stdout));
    run_expect(&["verify", out.to_str().unwrap()], 0);
}

/// A one-page US Letter PDF that draws an image and no text, titled.
fn image_only_pdf() -> Vec<u8> {
    let content = b"q 612 0 0 792 0 0 cm /Im1 Do Q";
    let objects: Vec<Vec<u8>> = vec![
        b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>".to_vec(),
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</XObject<</Im1 5 0 R>>>>/Contents 4 0 R>>".to_vec(),
        [
            format!("<</Length {}>>stream\n", content.len()).as_bytes(),
            content,
            b"\nendstream",
        ]
        .concat(),
        b"<</Type/XObject/Subtype/Image/Width 1/Height 1/ColorSpace/DeviceGray/BitsPerComponent 8/Length 1>>stream\n\x80\nendstream".to_vec(),
        b"<</Title(APPLICATION TO DISMISS AND SEAL CONVICTION)>>".to_vec(),
    ];
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(o);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<</Size {}/Root 1 0 R/Info 6 0 R>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn preflight_refuses_an_encrypted_copy_an_image_only_page_and_an_oversized_file() {
    let dir = workdir("efiling-preflight");
    let (out, config) = render_two(&dir, TWO_COURTS);
    let m = manifest(&out);
    let petition = out.join(&m.iter().find(|r| r["kind"] == "petition").unwrap()["path"]);
    let bad = dir.join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    let encrypted = bad.join("encrypted.pdf");
    let q = tool(
        "qpdf",
        &[
            "--encrypt",
            "",
            "owner",
            "256",
            "--",
            petition.to_str().unwrap(),
            encrypted.to_str().unwrap(),
        ],
    );
    assert!(q.status.success(), "{}", lossy(&q.stderr));
    let locked = bad.join("locked.pdf");
    tool(
        "qpdf",
        &[
            "--encrypt",
            "user",
            "owner",
            "256",
            "--",
            petition.to_str().unwrap(),
            locked.to_str().unwrap(),
        ],
    );
    let image = bad.join("image-only.pdf");
    std::fs::write(&image, image_only_pdf()).unwrap();
    qpdf_check(&image);
    let good = bad.join("good.pdf");
    std::fs::copy(&petition, &good).unwrap();

    let p = run_expect(&["preflight", bad.to_str().unwrap()], 1);
    let lines: Vec<String> = lossy(&p.stdout).lines().map(String::from).collect();
    let of = |f: &Path| -> Vec<&String> {
        lines
            .iter()
            .filter(|l| l.starts_with(&format!("{}: ", f.display())))
            .collect()
    };
    assert!(of(&good).is_empty(), "{lines:#?}");
    assert_eq!(of(&encrypted).len(), 1, "{lines:#?}");
    assert!(of(&encrypted)[0].contains("is encrypted"), "{lines:#?}");
    assert!(
        of(&locked).iter().any(|l| l.contains("is encrypted")),
        "{lines:#?}"
    );
    assert!(
        of(&image)
            .iter()
            .any(|l| l.contains("page 1: has no text that can be extracted")),
        "{lines:#?}"
    );
    assert!(lossy(&p.stderr).contains("4 files checked, 1 passed, 3 with problems"));

    // An oversized file: a court that takes smaller files than the largest petition. Render
    // holds that petition back with its order, and preflight refuses it in its own line.
    let largest: u64 = m
        .iter()
        .filter(|r| r["kind"] == "petition")
        .map(|r| r["bytes"].parse().unwrap())
        .max()
        .unwrap();
    let small = dir.join("small");
    std::fs::create_dir_all(&small).unwrap();
    let tight = format!(
        "{TWO_COURTS}\n[courts.sacramento.efiling]\nlargest_file = \"{} bytes\"\n",
        largest - 1
    );
    let (held, tight_config) = render_two(&small, &tight);
    let too_big: Vec<&CsvRow> = m
        .iter()
        .filter(|r| {
            r["court"] == "sacramento"
                && !matches!(
                    r["kind"].as_str(),
                    "combined" | "package" | "data" | "court-index"
                )
                && r["bytes"].parse::<u64>().unwrap() >= largest
        })
        .collect();
    assert!(!too_big.is_empty());
    let exceptions = exceptions(&held);
    let envelopes = json(&held.join("courts/sacramento/envelopes.json"));
    let enveloped: Vec<&str> = documents(&envelopes)
        .iter()
        .map(|(_, d)| d["file"].as_str().unwrap())
        .collect();
    let zip = lossy(
        &tool(
            "unzip",
            &["-l", held.join("courts/sacramento.zip").to_str().unwrap()],
        )
        .stdout,
    );
    for r in &too_big {
        let file = r["path"].rsplit('/').next().unwrap();
        let e = exceptions
            .iter()
            .find(|e| e["code"] == "preflight-failed" && e["message"].contains(file))
            .unwrap_or_else(|| panic!("{file} is not in exceptions.csv: {exceptions:#?}"));
        assert!(
            e["message"].contains(&format!(
                "the court takes files of at most {} bytes",
                largest - 1
            )),
            "{}",
            e["message"]
        );
        assert!(!enveloped.contains(&file), "{file} is in an envelope");
        assert!(!zip.contains(file), "{file} is in the zip");
        assert!(
            envelopes["held"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["file"] == file),
            "{file} is not listed as held"
        );
        // The rest of its filing is held with it: a petition's order, an order's petition.
        let partner = match r["kind"].as_str() {
            "petition" => Some(file.replace("_petition.pdf", "_order.pdf")),
            "order" => Some(file.replace("_order.pdf", "_petition.pdf")),
            _ => None,
        };
        if let Some(other) = partner {
            let held_other = exceptions
                .iter()
                .find(|e| e["message"].contains(&other))
                .unwrap_or_else(|| panic!("{other} is not held"));
            assert!(["filing-held", "preflight-failed"].contains(&held_other["code"].as_str()));
            assert!(!enveloped.contains(&other.as_str()));
            assert!(!zip.contains(&other), "{other} is in the zip");
        }
    }
    let s = summary(&held);
    assert!(s["preflight"]["failed"].as_u64().unwrap() >= too_big.len() as u64);
    assert!(s["preflight"]["documents_held"].as_u64().unwrap() >= too_big.len() as u64);
    // The other court's package is untouched.
    assert_eq!(
        json(&held.join("courts/san-joaquin/envelopes.json"))["held"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let p = preflight_of(&held, &tight_config, 1);
    let stdout = lossy(&p.stdout);
    for r in &too_big {
        let line = format!(
            "{}: is {} bytes; the court takes files of at most {} bytes",
            held.join(&r["path"]).display(),
            r["bytes"],
            largest - 1
        );
        assert!(stdout.lines().any(|l| l == line), "{line}\n{stdout}");
    }
    // With the court's ordinary limits the same folder has nothing too large.
    let p = preflight_of(&held, &config, 0);
    assert!(lossy(&p.stdout).is_empty(), "{}", lossy(&p.stdout));
}

#[test]
fn init_writes_each_courts_efiling_settings_commented_and_the_config_overrides_them() {
    let dir = workdir("efiling-init");
    let file = dir.join("office.toml");
    run_expect(
        &[
            "init",
            file.to_str().unwrap(),
            "--court",
            "sacramento",
            "--court",
            "san-joaquin",
        ],
        0,
    );
    let text = std::fs::read_to_string(&file).unwrap();
    for court in ["sacramento", "san-joaquin"] {
        assert!(text.contains(&format!("\n[courts.{court}]\n")), "{text}");
        assert!(
            text.contains(&format!("# [courts.{court}.efiling]\n")),
            "{text}"
        );
        assert!(text.contains(&format!("# [courts.{court}.efiling.documents.petition]\n")));
    }
    assert!(text.contains("# largest_file = \"25 MB\""), "{text}");
    assert!(text.contains("# location = \"Sacramento\""), "{text}");
    assert!(text.contains("Confirm each with the court's e-filing provider"));
    // As written it renders (with the placeholders); uncommented and edited, the config's values
    // are the court's.
    let out = dir.join("out");
    let inputs = two_county_inputs();
    render(
        &[&inputs[0], &inputs[1]],
        &out,
        &["--config", file.to_str().unwrap()],
    );
    assert_eq!(
        json(&out.join("courts/sacramento/envelopes.json"))["configured"],
        false
    );
    let mut edited = String::new();
    let mut in_sacramento = false;
    for line in text.lines() {
        if line.starts_with("# [courts.") {
            in_sacramento = line.starts_with("# [courts.sacramento.efiling");
        }
        // Only the settings: the lines of prose above each court's stay comments.
        let line = match line.strip_prefix("# ") {
            Some(l) if in_sacramento && (l.starts_with('[') || l.contains(" = ")) => l.to_string(),
            _ => line.to_string(),
        };
        edited.push_str(&line.replace("location = \"Sacramento\"", "location = \"SAC-DOWNTOWN\""));
        edited.push('\n');
    }
    let edited = edited.replacen(
        "filing_code = \"Petition\"",
        "filing_code = \"PROP64-PET\"",
        1,
    );
    // San Joaquin's one filable person is reported deceased: filed, so that it has a package.
    let edited = edited.replace("deceased = \"hold\"", "deceased = \"file\"");
    let file2 = dir.join("edited.toml");
    std::fs::write(&file2, &edited).unwrap();
    let out2 = dir.join("out2");
    render(
        &[&inputs[0], &inputs[1]],
        &out2,
        &["--config", file2.to_str().unwrap()],
    );
    let e = json(&out2.join("courts/sacramento/envelopes.json"));
    assert_eq!(e["configured"], true);
    assert_eq!(e["court"]["court_location"], "SAC-DOWNTOWN");
    let petitions: Vec<&Value> = documents(&e)
        .into_iter()
        .map(|(_, d)| d)
        .filter(|d| d["kind"] == "petition")
        .collect();
    assert!(!petitions.is_empty() && petitions.iter().all(|d| d["filing_code"] == "PROP64-PET"));
    let other = json(&out2.join("courts/san-joaquin/envelopes.json"));
    assert_eq!(other["configured"], false);
    assert_eq!(other["court"]["court_location"], "San Joaquin");

    // A misspelt setting stops the run before anything is written, naming the table.
    let typo = dir.join("typo.toml");
    std::fs::write(
        &typo,
        format!("{TWO_COURTS}\n[courts.sacramento.efiling]\nlargest_fiel = \"1 MB\"\n"),
    )
    .unwrap();
    let args = render_args(
        &[&inputs[0]],
        &dir.join("never"),
        &["--config", typo.to_str().unwrap()],
    );
    let o = run_expect(&args.iter().map(String::as_str).collect::<Vec<_>>(), 1);
    let err = lossy(&o.stderr);
    assert!(
        err.contains("[courts.sacramento.efiling]") && err.contains("largest_fiel"),
        "{err}"
    );
    assert!(!dir.join("never").exists());
}
