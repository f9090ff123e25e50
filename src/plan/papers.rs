//! The data each template is given: one struct per template, serialised for Handlebars. What each
//! field means is listed in `src/fields.rs` (`clearpress templates fields`), and a test holds
//! that list against these structs' output.

use serde::Serialize;

use crate::input::{Court, Envelope, Office, Signer};
use crate::model::Remedy;

/// What every document knows.
#[derive(Serialize)]
pub struct Common<'a> {
    pub sample: bool,
    pub office: &'a Office,
    pub signer: &'a Signer,
    pub date: String,
}

/// The court a paper is filed in.
#[derive(Serialize)]
pub struct CourtData<'a> {
    pub county: &'a str,
    pub county_upper: String,
    pub slug: &'a str,
    pub official_name: String,
    pub courthouse: &'a str,
    pub address: &'a [String],
}

impl<'a> CourtData<'a> {
    pub fn of(court: &'a Court) -> CourtData<'a> {
        CourtData {
            county: &court.county,
            county_upper: court.county.to_uppercase(),
            slug: &court.slug,
            official_name: court.official_name(),
            courthouse: &court.courthouse,
            address: &court.address,
        }
    }
}

/// The fields every paper of a court shares: `Common` (with the court's office and signer) and
/// the court, how its papers are filed and signed, whom challenged cases are served on, and the
/// relief labels the papers refer to.
#[derive(Serialize)]
pub struct InCourt<'a> {
    #[serde(flatten)]
    pub common: &'a Common<'a>,
    pub court: CourtData<'a>,
    pub filing: Filing,
    pub public_defender: PublicDefenderData,
    pub labels: Labels<'a>,
}

/// How a court's papers are filed and signed.
#[derive(Serialize)]
pub struct Filing {
    /// The § 11361.9 review frame (on or before July 1, 2020), else a motion under § 11361.8.
    pub review: bool,
    pub omnibus: bool,
    /// "/s/" signatures for e-filing; a line to sign in ink otherwise.
    pub electronic: bool,
}

#[derive(Serialize)]
pub struct PublicDefenderData {
    pub name: String,
    pub address: Vec<String>,
    pub email: String,
}

/// Each relief's label (forms/papers.toml), as the papers refer to the counts marked with it.
#[derive(Serialize)]
pub struct Labels<'a> {
    pub dismiss_seal: &'a str,
    pub redesignate_misdemeanor: &'a str,
    pub redesignate_infraction: &'a str,
    pub recall_dismiss: &'a str,
    pub resentence_misdemeanor: &'a str,
    pub resentence_infraction: &'a str,
}

impl<'a> Labels<'a> {
    pub fn of(pick: impl Fn(Remedy) -> &'a str) -> Labels<'a> {
        Labels {
            dismiss_seal: pick(Remedy::DismissSeal),
            redesignate_misdemeanor: pick(Remedy::RedesignateMisdemeanor),
            redesignate_infraction: pick(Remedy::RedesignateInfraction),
            recall_dismiss: pick(Remedy::RecallDismiss),
            resentence_misdemeanor: pick(Remedy::ResentenceMisdemeanor),
            resentence_infraction: pick(Remedy::ResentenceInfraction),
        }
    }
}

/// Which reliefs a paper asks for.
#[derive(Clone, Copy, Default, Serialize)]
pub struct Asks {
    pub dismiss_seal: bool,
    pub redesignate_misdemeanor: bool,
    pub redesignate_infraction: bool,
    pub recall_dismiss: bool,
    pub resentence_misdemeanor: bool,
    pub resentence_infraction: bool,
    /// Either redesignation; either resentence.
    pub redesignate: bool,
    pub resentence: bool,
}

impl Asks {
    pub fn of(remedies: impl IntoIterator<Item = Remedy>) -> Asks {
        let mut a = Asks::default();
        for r in remedies {
            match r {
                Remedy::DismissSeal => a.dismiss_seal = true,
                Remedy::RedesignateMisdemeanor => a.redesignate_misdemeanor = true,
                Remedy::RedesignateInfraction => a.redesignate_infraction = true,
                Remedy::RecallDismiss => a.recall_dismiss = true,
                Remedy::ResentenceMisdemeanor => a.resentence_misdemeanor = true,
                Remedy::ResentenceInfraction => a.resentence_infraction = true,
            }
        }
        a.redesignate = a.redesignate_misdemeanor || a.redesignate_infraction;
        a.resentence = a.resentence_misdemeanor || a.resentence_infraction;
        a
    }
}

/// Which part of a long paper this is (long papers are rendered in parts, see `render`).
#[derive(Serialize)]
pub struct Part {
    pub first: bool,
    pub last: bool,
    pub first_page: usize,
}

impl Part {
    pub const WHOLE: Part = Part {
        first: true,
        last: true,
        first_page: 1,
    };
}

/// A petition's or order's own fields.
#[derive(Serialize)]
pub struct CasePaper<'a> {
    pub person: Defendant,
    pub case: CaseRef,
    pub counts: Vec<CountRow<'a>>,
    pub doc: PaperDoc<'a>,
}

#[derive(Serialize)]
pub struct Defendant {
    pub name: String,
    pub aka: String,
    /// Date of birth and CII number, for the court and DOJ to match the record (either may be
    /// empty; the CII number is left out where the court's config says so).
    pub dob: String,
    pub cii: String,
}

#[derive(Serialize)]
pub struct CaseRef {
    pub numbers: String,
}

#[derive(Serialize)]
pub struct CountRow<'a> {
    pub case: String,
    pub n: usize,
    pub section: String,
    pub level: &'static str,
    pub date: String,
    pub relief: &'a str,
    #[serde(skip_serializing_if = "is_false")]
    pub tall: bool,
}

#[derive(Serialize)]
pub struct PaperDoc<'a> {
    pub title: String,
    pub footer: String,
    pub order_title: String,
    pub order_footer: String,
    pub cite: &'a str,
    /// A sentence still being served (a petition under § 11361.8(a)–(d)), else completed.
    pub serving: bool,
    /// DOJ reports the person deceased (filed only where the office's policy says so).
    pub deceased: bool,
    /// The counts column holds DOJ's count numbers; else it numbers the paper's items.
    pub count_numbers: bool,
    pub asks: Asks,
    /// Filed before with other relief: the titles are the amended ones.
    pub amended: bool,
}

/// What every letter shares besides `Common`.
#[derive(Serialize)]
pub struct LetterShared<'a> {
    #[serde(flatten)]
    pub common: &'a Common<'a>,
    pub envelope: EnvelopeData,
    pub taglines: &'a [String],
    pub tagline_lines: &'a [Tagline],
}

/// Where the letter prints in the envelope's windows, in points.
#[derive(Serialize)]
pub struct EnvelopeData {
    pub return_left: u64,
    pub return_top: u64,
    pub return_width: u64,
    pub recipient_left: u64,
    pub recipient_top: u64,
    pub recipient_width: u64,
    pub body_top: u64,
}

impl EnvelopeData {
    pub fn of(e: &Envelope) -> EnvelopeData {
        let (return_left, return_top, return_width) = e.block(e.return_window);
        let (recipient_left, recipient_top, recipient_width) = e.block(e.recipient_window);
        let body_top = (e.private_below * 72.0).round() as u64 + 6;
        EnvelopeData {
            return_left,
            return_top,
            return_width,
            recipient_left,
            recipient_top,
            recipient_width,
            body_top,
        }
    }
}

#[derive(Clone, Serialize)]
pub struct Tagline {
    pub text: String,
    pub rtl: bool,
}

/// A letter's own fields.
#[derive(Serialize)]
pub struct Letter<'a> {
    pub person: Greeting,
    pub date_es: String,
    pub recipient: Vec<String>,
    pub zip: &'a str,
    pub spanish: bool,
    pub cases: Vec<LetterCase<'a>>,
    pub many: bool,
    pub asks: Asks,
    /// Any relief on a sentence still being served.
    pub serving: bool,
}

#[derive(Serialize)]
pub struct Greeting {
    pub name: String,
}

#[derive(Serialize)]
pub struct LetterCase<'a> {
    pub court: String,
    pub numbers: String,
    pub sections: String,
    pub offenses: Vec<Offense<'a>>,
    pub date: String,
    pub date_es: String,
    pub relief_en: String,
    pub relief_es: String,
}

#[derive(Serialize)]
pub struct Offense<'a> {
    pub section: String,
    pub title: Option<&'a str>,
    pub title_es: Option<&'a str>,
}

/// A § 11361.9 notice's own fields.
#[derive(Serialize)]
pub struct Notice<'a> {
    pub doc: NoticeDoc,
    pub rows: &'a [NoticeRow],
    pub part: Part,
}

#[derive(Serialize)]
pub struct NoticeDoc {
    pub title: String,
    pub footer: String,
    pub challenged: bool,
    pub case_count: usize,
}

#[derive(Serialize)]
pub struct NoticeRow {
    pub name: String,
    pub aka: String,
    pub dob: String,
    pub case: String,
    pub sections: String,
    pub relief: String,
    #[serde(skip_serializing_if = "is_false")]
    pub tall: bool,
}

/// An omnibus motion's or order's own fields.
#[derive(Serialize)]
pub struct Omnibus<'a> {
    pub doc: OmnibusDoc<'a>,
    pub exhibit: ExhibitDoc,
    pub rows: &'a [OmnibusRow<'a>],
    pub part: Part,
}

#[derive(Serialize)]
pub struct OmnibusDoc<'a> {
    pub title: String,
    pub footer: String,
    pub cite: String,
    pub order: bool,
    pub case_count: usize,
    pub people_count: usize,
    pub asks: Asks,
    /// How Exhibit A marks each relief (forms/papers.toml's `column`).
    pub marks: Labels<'a>,
    /// The counts in Exhibit A, and how many of them are marked with each relief.
    pub count_total: usize,
    pub reliefs: Vec<ReliefTotal<'a>>,
}

#[derive(Clone, Serialize)]
pub struct ReliefTotal<'a> {
    /// How Exhibit A marks it (forms/papers.toml's `column`).
    pub column: &'a str,
    pub label: &'a str,
    pub counts: usize,
}

/// What Exhibit A is given besides its rows. `pages` is 0 until the render stage has laid the
/// rows out on pages (then each part of a long exhibit can say "page N of M").
#[derive(Serialize)]
pub struct ExhibitDoc {
    pub dob: bool,
    pub pages: usize,
}

/// One count of Exhibit A.
#[derive(Serialize)]
pub struct OmnibusRow<'a> {
    /// Its number in the exhibit, from 1.
    pub row: usize,
    pub name: String,
    pub aka: String,
    /// Empty when the court's exhibit has no date-of-birth column.
    pub dob: String,
    pub case: String,
    pub n: usize,
    pub section: String,
    pub level: &'static str,
    pub date: String,
    pub relief: &'a str,
}

/// The transmittal letter's own fields.
#[derive(Serialize)]
pub struct Transmittal {
    pub doc: TransmittalDoc,
}

#[derive(Serialize)]
pub struct TransmittalDoc {
    pub title: String,
    pub papers: usize,
    pub people: usize,
    pub unchallenged: usize,
    pub challenged: usize,
    /// The court had an earlier filing: this package supplements it.
    pub supplemental: bool,
    /// The filing's number: 1, or the wave of a later run.
    pub filing_number: u32,
    /// The earlier filing's date, written out, and its run key (empty unless supplemental).
    pub previous_date: String,
    pub previous_run_key: String,
}

/// A court index's fields.
#[derive(Serialize)]
pub struct Index<'a> {
    #[serde(flatten)]
    pub in_court: InCourt<'a>,
    pub doc: IndexDoc,
    pub volume: Option<VolumeNumber>,
    pub combined: &'a str,
    pub rows: Vec<IndexLine<'a>>,
    pub part: Part,
}

#[derive(Serialize)]
pub struct IndexDoc {
    pub title: String,
    pub document_count: usize,
    pub page_count: usize,
}

#[derive(Serialize)]
pub struct VolumeNumber {
    pub number: usize,
    pub count: usize,
}

#[derive(Serialize)]
pub struct IndexLine<'a> {
    pub n: usize,
    pub kind: &'static str,
    pub file: &'a str,
    pub person: &'a str,
    pub cases: String,
    pub pages: String,
    pub sha256: &'a str,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// As JSON, for the template. Serialising these structs cannot fail (string keys, no maps of
/// other keys), so a failure is a bug.
pub fn value(data: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(data).unwrap_or_else(|e| unreachable!("template data serialises: {e}"))
}

/// The most lines a row of these cells may take must fit on a page: a page has 28 lines, and a
/// table's header takes one or two.
pub fn tall<'a>(cells: impl IntoIterator<Item = &'a str>) -> bool {
    const MAX_LINES: usize = 24;
    cells.into_iter().any(|s| most_lines(s) > MAX_LINES)
}

/// The most lines `text` can take in a table cell, however narrow. Papers are not hyphenated, so
/// Typst breaks a line only beside a character that is not an ASCII letter or digit (a space,
/// punctuation, or a dash or ideograph, either side of which may break), except in what it takes
/// for a web address (after `://` or from `www.`), which may break anywhere.
fn most_lines(text: &str) -> usize {
    if text.contains("://")
        || text
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"www."))
    {
        return 1 + text.chars().count();
    }
    1 + text
        .chars()
        .zip(text.chars().skip(1))
        .filter(|(a, b)| !(a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_given_at_least_as_many_lines_as_typst_could_take() {
        // Typst may break either side of a dash or an ideograph, and anywhere in a web address.
        assert_eq!(most_lines("11357"), 1);
        assert_eq!(most_lines("WWWWWW—WWWWWW"), 3);
        assert_eq!(most_lines("a中b"), 3);
        assert_eq!(most_lines("HS 11357(a), HS 11359"), 11);
        assert_eq!(most_lines("see www.ABCDEFGHIJKLMNOPQR1"), 28);
        assert_eq!(most_lines("https://x"), 10);
        assert!(tall(["WWWWWW—WWWWWW—WWWWWW ".repeat(6).as_str(), "1"]));
        assert!(!tall(["JANE DOE", "HS 11357(a), HS 11359", "1"]));
    }
}
