//! E-filing: each court's documents preflighted; grouped into filings, a lead document with the
//! documents attached to it; a filing that fails held back whole (listed, never silently filed);
//! the filings put in envelopes within the court's limits (`courts/<slug>/envelopes.json`, the
//! shape in docs/envelopes.schema.json); and every count asked relief for, for the court's case
//! system (`courts/<slug>/dispositions.csv`).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{Court, Joined, ManifestRow};
use crate::error::Error;
use crate::input::{ByteSize, Config, Efiling, FilingAction};
use crate::model::{Exception, ExceptionCode, FilingGroup, Kind, Remedy};
use crate::output::{OutputDir, Written};
use crate::parallel;
use crate::plan::Disposition;
use crate::preflight::{self, Problem, Rules, Title};
use crate::progress::{Progress, Stage};

/// What envelopes.json says it is.
const FORMAT: &str = "clearpress-envelopes/1";

/// The problems preflight found in each file written (empty for one that passed), each against
/// its rules, on `threads` threads.
pub fn preflight(
    files: &[(&ManifestRow, Rules)],
    out: &OutputDir,
    threads: usize,
    progress: &dyn Progress,
) -> Result<Vec<Vec<Problem>>, Error> {
    progress.start(Stage::Preflight, files.len() as u64);
    let checked = parallel::run(
        threads,
        files,
        |_| false,
        |(row, rules)| {
            let problems = match std::fs::read(out.root().join(&row.path)) {
                Ok(bytes) => preflight::check(row.file_name(), &bytes, rules),
                Err(e) => vec![Problem {
                    pages: None,
                    message: format!("cannot be read: {e}"),
                }],
            };
            progress.step();
            problems
        },
    )?;
    progress.finish();
    Ok(checked)
}

/// The rules a court's document is preflighted against.
pub fn document_rules<'a>(row: &'a ManifestRow, settings: &'a Efiling) -> Rules<'a> {
    Rules {
        largest_file: Some(settings.largest_file),
        file_names: Some(&settings.file_names),
        title: if row.title.is_empty() {
            Title::Printed
        } else {
            Title::Is(&row.title)
        },
        bookmarks: None,
        pages: true,
    }
}

/// The rules a combined volume of `documents` documents is preflighted against: its pages are
/// its documents', checked already.
pub fn volume_rules(settings: &Efiling, documents: usize) -> Rules<'_> {
    Rules {
        largest_file: Some(settings.largest_file),
        file_names: Some(&settings.file_names),
        title: Title::Any,
        bookmarks: Some(documents),
        pages: false,
    }
}

/// One filing: its lead document, then those attached to it.
pub struct Filing<'a> {
    pub group: FilingGroup,
    pub docs: Vec<&'a ManifestRow>,
}

impl Filing<'_> {
    fn bytes(&self) -> u64 {
        self.docs.iter().map(|d| d.bytes).sum()
    }
}

/// `docs` (one court's, in filing order) grouped into filings, in the order of their leads: a
/// case's petition and order; the omnibus motion and order; each notice alone; the transmittal
/// and the indexes. What is not filed is left out.
pub fn filings<'a>(docs: impl IntoIterator<Item = &'a ManifestRow>) -> Vec<Filing<'a>> {
    let mut order: Vec<(FilingGroup, String)> = Vec::new();
    let mut groups: HashMap<(FilingGroup, String), Vec<(bool, &'a ManifestRow)>> = HashMap::new();
    for d in docs {
        let Some((group, lead)) = d.kind.filing_role() else {
            continue;
        };
        let key = match group {
            FilingGroup::Case => format!(
                "{}/{}",
                d.person_ref
                    .as_ref()
                    .map(|p| p.as_str())
                    .unwrap_or_default(),
                d.case_numbers
            ),
            FilingGroup::Notice => d.path.clone(),
            FilingGroup::Omnibus | FilingGroup::Transmittal => String::new(),
        };
        let entry = groups.entry((group, key.clone())).or_insert_with(|| {
            order.push((group, key));
            Vec::new()
        });
        entry.push((lead, d));
    }
    order
        .into_iter()
        .filter_map(|k| {
            let mut docs = groups.remove(&k)?;
            // The lead first; the others in filing order.
            docs.sort_by_key(|(lead, _)| !lead);
            Some(Filing {
                group: k.0,
                docs: docs.into_iter().map(|(_, d)| d).collect(),
            })
        })
        .collect()
}

/// A document held back from the court's package, and why.
pub struct Hold {
    pub path: String,
    pub code: ExceptionCode,
    /// What is wrong, one item per problem, for envelopes.json.
    pub problems: Vec<String>,
    /// The line for exceptions.csv.
    pub exception: Exception,
}

/// The documents of `court` held back: every document of a filing where one failed preflight
/// (`problems`, by path) or that is too large for one envelope.
pub fn holds(court: &Court, problems: &HashMap<&str, &[Problem]>, settings: &Efiling) -> Vec<Hold> {
    let mut held = Vec::new();
    for filing in filings(&court.docs) {
        let failed: Vec<&ManifestRow> = filing
            .docs
            .iter()
            .copied()
            .filter(|d| problems.get(d.path.as_str()).is_some_and(|p| !p.is_empty()))
            .collect();
        let too_big = filing.bytes() > settings.largest_envelope.0;
        if failed.is_empty() && !too_big {
            continue;
        }
        for d in &filing.docs {
            let (code, items) = match problems.get(d.path.as_str()) {
                Some(p) if !p.is_empty() => (
                    ExceptionCode::PreflightFailed,
                    p.iter().map(Problem::to_string).collect(),
                ),
                _ if too_big => (
                    ExceptionCode::FilingHeld,
                    vec![format!(
                        "its filing is {}, more than the court's largest envelope of {}",
                        ByteSize(filing.bytes()),
                        settings.largest_envelope
                    )],
                ),
                _ => (
                    ExceptionCode::FilingHeld,
                    vec![format!(
                        "the {} {} of its filing failed preflight",
                        failed[0].kind,
                        failed[0].file_name()
                    )],
                ),
            };
            held.push(hold(d, code, items));
        }
    }
    held
}

/// The hold of one document (or the listing of a combined volume that failed preflight).
pub fn hold(d: &ManifestRow, code: ExceptionCode, problems: Vec<String>) -> Hold {
    let what = match (code, d.kind) {
        (_, Kind::Combined) => "failed preflight",
        (ExceptionCode::PreflightFailed, Kind::CourtIndex) => {
            "failed preflight and is not in the court's envelopes"
        }
        (ExceptionCode::PreflightFailed, _) => {
            "failed preflight and is held back from the court's package with its filing"
        }
        _ => "is held back from the court's package",
    };
    let exception = Exception {
        source: String::new(),
        line: 0,
        person_ref: d.person_ref.clone().unwrap_or_default(),
        case_number: d.case_numbers.to_string(),
        code,
        message: format!(
            "the {} {} {what}: {}",
            d.kind,
            d.file_name(),
            problems.join("; ")
        ),
    };
    Hold {
        path: d.path.clone(),
        code,
        problems,
        exception,
    }
}

/// `courts/<slug>/envelopes.json`.
#[derive(Serialize)]
struct EnvelopesFile<'a> {
    format: &'static str,
    court: CourtInfo<'a>,
    /// True when the config sets the court's e-filing settings; false when they are the shipped
    /// placeholders, to confirm with the court's e-filing provider.
    configured: bool,
    /// True when no config was given: every page is stamped SAMPLE — NOT FOR FILING.
    sample: bool,
    filer: Filer<'a>,
    limits: Limits,
    envelopes: Vec<Envelope<'a>>,
    held: Vec<HeldDocument<'a>>,
}

#[derive(Serialize)]
struct CourtInfo<'a> {
    slug: &'a str,
    name: String,
    court_location: &'a str,
}

#[derive(Serialize)]
struct Filer<'a> {
    filer_type: &'a str,
    office: &'a str,
    name: &'a str,
    title: &'a str,
    bar_number: &'a str,
    address: &'a [String],
    phone: &'a str,
    email: &'a str,
}

#[derive(Serialize)]
struct Limits {
    largest_file_bytes: u64,
    largest_envelope_bytes: u64,
    file_name_longest: usize,
    file_name_characters: String,
}

#[derive(Serialize)]
struct Envelope<'a> {
    number: usize,
    id: String,
    case: CaseInfo<'a>,
    parties: Vec<Party<'a>>,
    filings: Vec<FilingOut<'a>>,
    documents: usize,
    bytes: u64,
}

#[derive(Serialize)]
struct CaseInfo<'a> {
    /// The case the filing goes in; null for the court's own papers (notices, omnibus motion,
    /// transmittal), which concern many cases.
    docket_number: Option<&'a str>,
    case_numbers: Vec<&'a str>,
    court_location: &'a str,
    efile_case_category: &'a str,
    efile_case_type: &'a str,
}

#[derive(Clone, Serialize)]
struct Party<'a> {
    party_type: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    person_ref: Option<&'a str>,
}

#[derive(Serialize)]
struct FilingOut<'a> {
    reference_number: String,
    group: FilingGroup,
    filing_code: &'a str,
    filing_description: &'a str,
    filing_action: FilingAction,
    documents: Vec<DocumentOut<'a>>,
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    file: &'a str,
    kind: Kind,
    title: &'a str,
    filing_component: &'a str,
    lead: bool,
    filing_code: &'a str,
    document_type: &'a str,
    pages: usize,
    bytes: u64,
    sha256: &'a str,
}

#[derive(Serialize)]
struct HeldDocument<'a> {
    file: &'a str,
    code: ExceptionCode,
    problems: &'a [String],
}

/// What one court's e-filing files are made of.
pub struct CourtFiling<'a> {
    pub court: &'a Court,
    pub name: String,
    pub settings: &'a Efiling,
    pub configured: bool,
    /// The court's indexes, filed with the transmittal.
    pub indexes: Vec<&'a ManifestRow>,
    /// Documents held back (not in `court.docs`), and indexes that failed preflight.
    pub held: &'a [Hold],
}

/// A court's `envelopes.json`, and how many envelopes and filings it holds.
pub struct Envelopes {
    pub json: Vec<u8>,
    pub envelopes: usize,
    pub filings: usize,
}

/// The court's envelopes: one envelope per case (an ECF filing message concerns one case), and the
/// court's own papers in as few envelopes as its limit allows.
pub fn envelopes(c: &CourtFiling, config: &Config) -> Envelopes {
    let s = c.settings;
    let held_paths: Vec<&str> = c.held.iter().map(|h| h.path.as_str()).collect();
    let docs = c
        .court
        .docs
        .iter()
        .chain(c.indexes.iter().copied())
        .filter(|d| !held_paths.contains(&d.path.as_str()));
    let people = Party {
        party_type: &s.parties.people_type,
        name: &s.parties.people_name,
        person_ref: None,
    };
    let mut envelopes: Vec<Envelope> = Vec::new();
    let mut court_level: Vec<Envelope> = Vec::new();
    for filing in filings(docs) {
        let out = filing_out(&filing, s);
        let bytes = filing.bytes();
        let count = filing.docs.len();
        let lead = filing.docs[0];
        if filing.group == FilingGroup::Case {
            let defendant = Party {
                party_type: &s.parties.defendant_type,
                name: &lead.person_name,
                person_ref: lead.person_ref.as_ref().map(|p| p.as_str()),
            };
            envelopes.push(Envelope {
                number: 0,
                id: String::new(),
                case: case_info(s, lead.case_numbers.0.iter().map(|n| n.as_str()).collect()),
                parties: vec![people.clone(), defendant],
                filings: vec![out],
                documents: count,
                bytes,
            });
            continue;
        }
        match court_level.last_mut() {
            Some(e) if e.bytes + bytes <= s.largest_envelope.0 => {
                e.filings.push(out);
                e.documents += count;
                e.bytes += bytes;
            }
            _ => court_level.push(Envelope {
                number: 0,
                id: String::new(),
                case: case_info(s, Vec::new()),
                parties: vec![people.clone()],
                filings: vec![out],
                documents: count,
                bytes,
            }),
        }
    }
    let mut all: Vec<Envelope> = court_level.into_iter().chain(envelopes).collect();
    let filings = all.iter().map(|e| e.filings.len()).sum();
    for (i, e) in all.iter_mut().enumerate() {
        e.number = i + 1;
        e.id = format!("{}-{:05}", c.court.slug, i + 1);
    }
    let count = all.len();
    let file = EnvelopesFile {
        format: FORMAT,
        court: CourtInfo {
            slug: c.court.slug.as_str(),
            name: c.name.clone(),
            court_location: &s.location,
        },
        configured: c.configured,
        sample: config.sample,
        filer: Filer {
            filer_type: &s.filer_type,
            office: &config.office.name,
            name: &config.signer.name,
            title: &config.signer.title,
            bar_number: &config.signer.bar_number,
            address: &config.office.address,
            phone: &config.office.phone,
            email: &config.office.email,
        },
        limits: Limits {
            largest_file_bytes: s.largest_file.0,
            largest_envelope_bytes: s.largest_envelope.0,
            file_name_longest: s.file_names.longest,
            file_name_characters: s.file_names.characters.to_string(),
        },
        envelopes: all,
        held: c
            .held
            .iter()
            .map(|h| HeldDocument {
                file: h.path.rsplit('/').next().unwrap_or(&h.path),
                code: h.code,
                problems: &h.problems,
            })
            .collect(),
    };
    let mut json = serde_json::to_vec_pretty(&file).unwrap_or_default();
    json.push(b'\n');
    Envelopes {
        json,
        envelopes: count,
        filings,
    }
}

fn case_info<'a>(s: &'a Efiling, numbers: Vec<&'a str>) -> CaseInfo<'a> {
    CaseInfo {
        docket_number: numbers.first().copied(),
        case_numbers: numbers,
        court_location: &s.location,
        efile_case_category: &s.case_category,
        efile_case_type: &s.case_type,
    }
}

fn filing_out<'a>(filing: &Filing<'a>, s: &'a Efiling) -> FilingOut<'a> {
    let codes = |kind: Kind| s.documents.get(&kind);
    let lead = filing.docs[0];
    let documents = filing
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let c = codes(d.kind);
            DocumentOut {
                file: d.file_name(),
                kind: d.kind,
                title: &d.title,
                filing_component: if i == 0 {
                    &s.components.lead
                } else {
                    &s.components.attachment
                },
                lead: i == 0,
                filing_code: c.map(|c| c.filing_code.as_str()).unwrap_or_default(),
                document_type: c.map(|c| c.document_type.as_str()).unwrap_or_default(),
                pages: d.pages,
                bytes: d.bytes,
                sha256: &d.sha256,
            }
        })
        .collect();
    FilingOut {
        reference_number: lead
            .file_name()
            .strip_suffix(".pdf")
            .unwrap_or(lead.file_name())
            .to_string(),
        group: filing.group,
        filing_code: codes(lead.kind)
            .map(|c| c.filing_code.as_str())
            .unwrap_or_default(),
        filing_description: &lead.title,
        filing_action: s.filing_action,
        documents,
    }
}

/// One row of `dispositions.csv`.
#[derive(Serialize)]
struct DispositionRow<'a> {
    court: &'a str,
    case_number: String,
    count: usize,
    code_section: String,
    level: &'static str,
    conviction_date: String,
    relief: Remedy,
    document: &'a str,
    volume: &'a str,
    page: usize,
    person_ref: &'a str,
    name: &'a str,
    dob: String,
    cii_number: &'a str,
}

pub const DISPOSITIONS_HEADER: [&str; 14] = [
    "court",
    "case_number",
    "count",
    "code_section",
    "level",
    "conviction_date",
    "relief",
    "document",
    "volume",
    "page",
    "person_ref",
    "name",
    "dob",
    "cii_number",
];

/// Writes `courts/<slug>/dispositions.csv`: every count of `dispositions` whose document is in
/// one of the court's `volumes`, in the volumes' order; and how many rows it has.
pub fn dispositions(
    out: &OutputDir,
    court: &Court,
    volumes: &[&Joined],
    dispositions: &[&Disposition],
) -> Result<(Written, usize), Error> {
    let mut at: BTreeMap<&str, (&str, usize, usize)> = BTreeMap::new();
    for (v, joined) in volumes.iter().enumerate() {
        for (path, page) in joined.first_pages() {
            at.insert(path, (joined.file_name(), v, page));
        }
    }
    let mut rows: Vec<((usize, usize), DispositionRow)> = dispositions
        .iter()
        .filter_map(|d| {
            let &(volume, v, page) = at.get(d.document.as_str())?;
            Some((
                (v, page),
                DispositionRow {
                    court: court.slug.as_str(),
                    case_number: d.case_numbers.to_string(),
                    count: d.count,
                    code_section: d.section.to_string(),
                    level: d.level.letter(),
                    conviction_date: d.convicted.to_string(),
                    relief: d.relief,
                    document: d.document.rsplit('/').next().unwrap_or(&d.document),
                    volume,
                    page,
                    person_ref: d.person_ref.as_str(),
                    name: &d.name,
                    dob: d.dob.map(|d| d.to_string()).unwrap_or_default(),
                    cii_number: &d.cii,
                },
            ))
        })
        .collect();
    // In the volumes' order; stable, so a document's counts keep its own order.
    rows.sort_by_key(|(k, _)| *k);
    let rows: Vec<DispositionRow> = rows.into_iter().map(|(_, r)| r).collect();
    let written = out.write_csv(
        &format!("courts/{}/dispositions.csv", court.slug),
        &DISPOSITIONS_HEADER,
        &rows,
    )?;
    Ok((written, rows.len()))
}
