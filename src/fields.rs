//! The fields each template may use, with what each means: `templates fields` prints them, and
//! `docs/templates.md` is their list for editors. The data itself is the structs of
//! `plan/papers.rs`; a test holds this list against what they give the templates.

use crate::model::Kind;

/// A field: its path as a template writes it (`person.name`; `counts[].n` for a field of each row
/// of a list) and a line saying what it is.
type Field = (&'static str, &'static str);

const COMMON: &[Field] = &[
    (
        "sample",
        "true when no config was given: every page is stamped SAMPLE — NOT FOR FILING",
    ),
    (
        "date",
        "the run's date (--as-of), written out: December 1, 2026",
    ),
    (
        "office.name",
        "the office's name, from the config's [office]",
    ),
    ("office.address", "the office's address, a list of lines"),
    ("office.phone", "the office's telephone number"),
    ("office.email", "the office's e-mail address (may be empty)"),
    (
        "office.return_name",
        "the neutral sender name in the letter's return address",
    ),
    (
        "office.help_phone",
        "the number people call about their letter",
    ),
    ("office.fax", "the office's fax number (may be empty)"),
    (
        "office.elected_name",
        "the elected head of the office, in whose name the signer signs \"By:\" (may be empty)",
    ),
    (
        "office.elected_title",
        "that person's title: District Attorney",
    ),
    (
        "office.elected_bar_number",
        "that person's State Bar number (may be empty)",
    ),
    (
        "office.legal_help.name",
        "who gives free legal help, for the letters (office.legal_help is null when not given)",
    ),
    ("office.legal_help.phone", "their telephone number"),
    (
        "signer.name",
        "the attorney who signs, from the config's [signer] (or the court's own)",
    ),
    ("signer.title", "the signer's title"),
    ("signer.bar_number", "the signer's State Bar number"),
];

const COURT: &[Field] = &[
    ("court.county", "the court's county: Los Angeles"),
    (
        "court.county_upper",
        "the county in capitals, for captions: LOS ANGELES",
    ),
    (
        "court.slug",
        "the court's short name in file names: los-angeles",
    ),
    (
        "court.official_name",
        "Superior Court of California, County of …",
    ),
    (
        "court.courthouse",
        "the courthouse that takes the filing (may be empty)",
    ),
    ("court.address", "the courthouse's address, a list of lines"),
    (
        "filing.review",
        "true in the § 11361.9 review frame (as of July 1, 2020 or before); false when the People move under § 11361.8",
    ),
    (
        "filing.omnibus",
        "true when the court is filed one omnibus motion",
    ),
    (
        "filing.electronic",
        "true when the court's papers are e-filed and signed \"/s/\"; false for a line to sign in ink",
    ),
    (
        "public_defender.name",
        "the public defender challenged cases are served on",
    ),
    (
        "public_defender.address",
        "their address, a list of lines (may be empty)",
    ),
    (
        "public_defender.email",
        "their electronic service address (may be empty)",
    ),
    (
        "labels.dismiss_seal",
        "each relief's label, as the counts tables mark it (forms/papers.toml's `label`)",
    ),
    ("labels.redesignate_misdemeanor", "…"),
    ("labels.redesignate_infraction", "…"),
    ("labels.recall_dismiss", "…"),
    ("labels.resentence_misdemeanor", "…"),
    ("labels.resentence_infraction", "…"),
];

/// Which reliefs a paper asks for: `asks.dismiss_seal` and so on, one per relief, with
/// `asks.redesignate` and `asks.resentence` for either level.
const ASKS: &[Field] = &[
    (
        "asks.dismiss_seal",
        "true when a count is to be dismissed and sealed",
    ),
    (
        "asks.redesignate_misdemeanor",
        "true when a felony is to be redesignated a misdemeanor",
    ),
    (
        "asks.redesignate_infraction",
        "true when a misdemeanor is to be redesignated an infraction",
    ),
    (
        "asks.recall_dismiss",
        "true when a sentence being served is to be recalled and the conviction dismissed",
    ),
    (
        "asks.resentence_misdemeanor",
        "true when a sentence being served is to be recalled and the count resentenced as a misdemeanor",
    ),
    ("asks.resentence_infraction", "… as an infraction"),
    ("asks.redesignate", "true for either redesignation"),
    ("asks.resentence", "true for either resentence"),
];

const PART: &[Field] = &[
    (
        "part.first",
        "true for the part that opens the paper (a long paper is rendered in parts)",
    ),
    ("part.last", "true for the part that closes it"),
    ("part.first_page", "the page number the part starts on"),
];

const CASE_PAPER: &[Field] = &[
    (
        "person.name",
        "the defendant's name as on the case, printable: FIRST M LAST",
    ),
    (
        "person.aka",
        "the name on this case when it differs from the person's main name (else empty)",
    ),
    (
        "case.numbers",
        "the case's court numbers, separated by semicolons",
    ),
    ("counts[].case", "each count's case number(s)"),
    (
        "counts[].n",
        "the count's number in its case, held rows counted too (as in review.csv)",
    ),
    ("counts[].section", "the code section: HS 11357(c)"),
    ("counts[].level", "F, M or I"),
    ("counts[].date", "the conviction date, MM/DD/YYYY"),
    (
        "counts[].relief",
        "the relief asked for on it, as in forms/papers.toml's `label`",
    ),
    (
        "counts[].tall",
        "present when the row may be taller than a page and must be allowed to break",
    ),
    ("person.dob", "the date of birth, MM/DD/YYYY (may be empty)"),
    (
        "person.cii",
        "the CII number (empty when unknown or the court's config sets print_cii = false)",
    ),
    (
        "doc.title",
        "the motion's title (forms/documents.toml, from forms/papers.toml's words)",
    ),
    ("doc.footer", "its short title for the footer"),
    ("doc.order_title", "the order's title"),
    ("doc.order_footer", "the order's short title"),
    (
        "doc.cite",
        "the statutes the paper is brought under, as in forms/papers.toml's `tracks`",
    ),
    (
        "doc.serving",
        "true when a sentence is still being served (§ 11361.8(a)–(d)); false when completed",
    ),
    (
        "doc.deceased",
        "true when DOJ reports the person deceased (filed only where the config says so)",
    ),
    (
        "doc.count_numbers",
        "true when counts[].n are DOJ's count numbers; false when they number the paper's items",
    ),
    (
        "doc.amended",
        "true when the case was filed before with other relief: the titles are forms/waves.toml's amended ones",
    ),
];

const LETTER: &[Field] = &[
    (
        "person.name",
        "the person's name for the greeting: Maria Elena O'Neil",
    ),
    (
        "date_es",
        "the run's date in Spanish: 1 de diciembre de 2026",
    ),
    (
        "recipient",
        "the address block, a list of lines (name first)",
    ),
    ("zip", "the ZIP code the letter is sorted by"),
    ("spanish", "true for the Spanish letter"),
    ("many", "true when the letter is about more than one case"),
    (
        "serving",
        "true when a sentence being served is to be recalled",
    ),
    ("cases[].court", "the court's official name"),
    ("cases[].numbers", "the case's numbers, separated by commas"),
    (
        "cases[].sections",
        "its code sections: HS 11357(c), HS 11359",
    ),
    ("cases[].offenses[].section", "one code section of the case"),
    (
        "cases[].offenses[].title",
        "its plain description, from forms/statutes.toml",
    ),
    ("cases[].offenses[].title_es", "the description in Spanish"),
    ("cases[].date", "the conviction date, written out"),
    ("cases[].date_es", "the conviction date in Spanish"),
    (
        "cases[].relief_en",
        "what the office asked for, forms/papers.toml's `letter`",
    ),
    ("cases[].relief_es", "the same in Spanish, `letter_es`"),
    (
        "envelope.return_left",
        "where the return address prints, in points from the left",
    ),
    ("envelope.return_top", "… from the top"),
    ("envelope.return_width", "… and how wide it may be"),
    (
        "envelope.recipient_left",
        "where the address block prints, in points from the left",
    ),
    ("envelope.recipient_top", "… from the top"),
    ("envelope.recipient_width", "… and how wide it may be"),
    (
        "envelope.body_top",
        "where the letter's text starts, below the windows",
    ),
    (
        "taglines",
        "lines in other languages saying whom to call (empty unless the reader needs them)",
    ),
    ("tagline_lines[].text", "a tagline"),
    (
        "tagline_lines[].rtl",
        "true for a right-to-left line (Arabic, Farsi)",
    ),
];

const NOTICE: &[Field] = &[
    ("doc.title", "the notice's title (forms/documents.toml)"),
    ("doc.footer", "its short title for the footer"),
    ("doc.challenged", "true for the notice of challenged cases"),
    ("doc.case_count", "how many cases it lists"),
    ("rows[].name", "the person's name"),
    (
        "rows[].aka",
        "the name on the case when it differs from the person's (else empty)",
    ),
    ("rows[].dob", "the date of birth, MM/DD/YYYY (may be empty)"),
    ("rows[].case", "the case's numbers"),
    ("rows[].sections", "its code sections"),
    (
        "rows[].relief",
        "the relief, or for a challenged case the ground",
    ),
    (
        "rows[].tall",
        "present when the row may be taller than a page",
    ),
];

const OMNIBUS: &[Field] = &[
    ("doc.title", "the paper's title (forms/documents.toml)"),
    ("doc.footer", "its shorter title for the footer"),
    ("doc.cite", "the statutes it is brought under"),
    ("doc.order", "true for the order, false for the motion"),
    ("doc.case_count", "how many cases it covers"),
    ("doc.people_count", "how many people"),
    (
        "doc.marks.dismiss_seal",
        "how Exhibit A marks each relief (forms/papers.toml's `column`), one per relief as in labels",
    ),
    ("doc.marks.redesignate_misdemeanor", "…"),
    ("doc.marks.redesignate_infraction", "…"),
    ("doc.marks.recall_dismiss", "…"),
    ("doc.marks.resentence_misdemeanor", "…"),
    ("doc.marks.resentence_infraction", "…"),
    ("doc.count_total", "how many counts Exhibit A lists"),
    (
        "doc.reliefs[].column",
        "a relief Exhibit A marks counts with (forms/papers.toml's `column`), one per relief marked",
    ),
    ("doc.reliefs[].label", "the same relief in words (`label`)"),
    ("doc.reliefs[].counts", "how many counts are marked with it"),
    (
        "exhibit.dob",
        "true when Exhibit A has a date-of-birth column (the config's exhibit_dob)",
    ),
    (
        "exhibit.pages",
        "Exhibit A's page count once clearpress has laid it out (else 0: count this document's)",
    ),
    ("rows[].row", "the row's number in Exhibit A"),
    ("rows[].name", "the person's name"),
    (
        "rows[].aka",
        "the name on the case when it differs from the person's (else empty)",
    ),
    (
        "rows[].dob",
        "the date of birth, MM/DD/YYYY (empty without the column)",
    ),
    ("rows[].case", "the case's numbers"),
    ("rows[].n", "the count's number in its case"),
    ("rows[].section", "the code section"),
    ("rows[].level", "F, M or I"),
    ("rows[].date", "the conviction date"),
    ("rows[].relief", "the relief, forms/papers.toml's `column`"),
    (
        "rows[].page_break",
        "present on the first row of each Exhibit A page but the first",
    ),
    ("rows[].tall", "present when the row is taller than a page"),
];

const TRANSMITTAL: &[Field] = &[
    (
        "doc.title",
        "its title, after \"Re:\" (forms/documents.toml)",
    ),
    (
        "doc.papers",
        "how many motions for one case (and as many orders)",
    ),
    ("doc.people", "how many people"),
    (
        "doc.unchallenged",
        "how many cases are not challenged (0 outside the review frame)",
    ),
    (
        "doc.challenged",
        "how many cases are challenged (0 outside the review frame)",
    ),
    (
        "doc.supplemental",
        "true when the court had an earlier filing (render --previous): this package supplements it",
    ),
    (
        "doc.filing_number",
        "the filing's number: 1, or the wave of a later run",
    ),
    (
        "doc.previous_date",
        "the earlier filing's date, written out (empty unless supplemental)",
    ),
    (
        "doc.previous_run_key",
        "the earlier filing's run key, from its summary.json (empty unless supplemental)",
    ),
];

const INDEX: &[Field] = &[
    ("doc.title", "its title (forms/documents.toml)"),
    ("doc.document_count", "how many documents the volume holds"),
    ("doc.page_count", "how many pages"),
    (
        "volume.number",
        "the volume's number, when the court has several (else the field is null)",
    ),
    ("volume.count", "how many volumes the court has"),
    ("combined", "the combined PDF's file name"),
    ("rows[].n", "the document's number in the court's index"),
    (
        "rows[].kind",
        "what it is: petition, order, notice-unchallenged, …",
    ),
    ("rows[].file", "its file name"),
    ("rows[].person", "the person's reference (never a name)"),
    ("rows[].cases", "its case numbers"),
    ("rows[].pages", "its pages in the combined PDF: 3–4"),
    ("rows[].sha256", "its SHA-256 checksum"),
];

/// `ASKS` under `doc.`, as the papers have them.
const DOC_ASKS: &[Field] = &[
    (
        "doc.asks.dismiss_seal",
        "which reliefs the paper asks for, as `asks` in a letter",
    ),
    ("doc.asks.redesignate_misdemeanor", "…"),
    ("doc.asks.redesignate_infraction", "…"),
    ("doc.asks.recall_dismiss", "…"),
    ("doc.asks.resentence_misdemeanor", "…"),
    ("doc.asks.resentence_infraction", "…"),
    ("doc.asks.redesignate", "…"),
    ("doc.asks.resentence", "…"),
];

/// Every field a template of `kind` is given.
pub fn of(kind: Kind) -> Vec<Field> {
    let groups: &[&[Field]] = match kind {
        Kind::Petition | Kind::Order => &[COMMON, COURT, CASE_PAPER, DOC_ASKS],
        Kind::Letter => &[COMMON, LETTER, ASKS],
        Kind::NoticeUnchallenged | Kind::NoticeChallenged => &[COMMON, COURT, PART, NOTICE],
        Kind::OmnibusMotion | Kind::OmnibusOrder => &[COMMON, COURT, PART, OMNIBUS, DOC_ASKS],
        Kind::Transmittal => &[COMMON, COURT, TRANSMITTAL],
        Kind::CourtIndex => &[COMMON, COURT, PART, INDEX],
        _ => &[],
    };
    groups.iter().flat_map(|g| g.iter().copied()).collect()
}

/// The fields of `kind`'s template, or of every template, as text (Markdown).
pub fn describe(kind: Option<Kind>) -> String {
    let kinds: Vec<Kind> = match kind {
        Some(k) => vec![k],
        None => Kind::DOCUMENTS.to_vec(),
    };
    let mut out = String::new();
    for (i, k) in kinds.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("## {k}\n\n"));
        for (path, meaning) in of(*k) {
            out.push_str(&format!("- `{path}`: {meaning}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::*;
    use crate::assets::Assets;
    use crate::input::{Config, CourtConfig, Filing, Forms};

    /// Every path in `value`, written as the list above writes it.
    fn paths(prefix: &str, value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(fields) => {
                for (k, v) in fields {
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    paths(&path, v, out);
                }
            }
            Value::Array(items) if items.iter().any(Value::is_object) => {
                for item in items {
                    paths(&format!("{prefix}[]"), item, out);
                }
            }
            _ => {
                out.insert(prefix.to_string());
            }
        }
    }

    #[test]
    fn the_list_is_the_data_every_template_is_given() {
        let assets = Assets::embedded();
        let forms = Forms::load(&assets).unwrap();
        let mut config = Config::sample(&assets, &forms).unwrap();
        for court in &forms.courts {
            config.courts.insert(
                court.slug.clone(),
                CourtConfig {
                    filing: Filing::Omnibus,
                    ..CourtConfig::default()
                },
            );
        }
        let mut seen: std::collections::BTreeMap<Kind, BTreeSet<String>> = Default::default();
        let per_case =
            crate::sample::jobs(&forms, &Config::sample(&assets, &forms).unwrap()).unwrap();
        for job in per_case
            .iter()
            .chain(&crate::sample::jobs(&forms, &config).unwrap())
        {
            paths("", &job.data.value(), seen.entry(job.doc.kind).or_default());
        }
        for kind in Kind::DOCUMENTS {
            let listed: BTreeSet<String> = of(kind).iter().map(|(p, _)| p.to_string()).collect();
            let given = seen
                .get(&kind)
                .unwrap_or_else(|| panic!("the sample has no {kind}"));
            // A null object (a single volume's `volume`) or an empty list (no taglines) stands for
            // its listed fields.
            let stands_for = |p: &str, l: &str| {
                l.starts_with(&format!("{p}.")) || l.starts_with(&format!("{p}[]."))
            };
            let unlisted: Vec<&String> = given
                .iter()
                .filter(|p| !listed.contains(*p) && !listed.iter().any(|l| stands_for(p, l)))
                .collect();
            assert!(
                unlisted.is_empty(),
                "{kind}: given but not listed: {unlisted:?}"
            );
            let rare = |p: &str| {
                p.ends_with(".tall")
                    || p.ends_with(".page_break")
                    || p.starts_with("volume.")
                    || p.starts_with("tagline_lines")
            };
            let missing: Vec<&String> = listed
                .iter()
                .filter(|p| !given.contains(*p) && !rare(p))
                .collect();
            assert!(
                missing.is_empty(),
                "{kind}: listed but not given: {missing:?}"
            );
        }
    }
}
