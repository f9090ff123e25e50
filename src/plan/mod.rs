//! Plan: which documents to make, for whom, in which court, with what data. Plain data in, a list
//! of jobs out; nothing is rendered or written here.

mod data;
mod index;
mod papers;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

pub use data::{Data, Shared};
pub use index::{IndexEntry, Volume, court_index};

use papers::{
    CasePaper, CaseRef, Common, CountRow, CourtData, Defendant, EnvelopeData, ExhibitDoc, Greeting,
    InCourt, Letter, LetterCase, LetterShared, Notice, NoticeDoc, NoticeRow, Offense, Omnibus,
    OmnibusDoc, OmnibusRow, PaperDoc, Part, ReliefTotal, Tagline, Transmittal, TransmittalDoc,
};

use crate::input::{
    Config, ContactCounts, ContactIssue, Contacts, Filing, Forms, PaperKind, Recipient,
};
use crate::model::{
    Case, CaseNumbers, CodeSection, Count, CourtId, CourtSlug, Exception, Kind, Person, PersonRef,
    Remedy, Route, breakable,
};

/// One document to render: what it is, and the data its template is filled with.
#[derive(Clone, Debug)]
pub struct Job {
    pub doc: Doc,
    pub data: Data,
}

impl Job {
    /// Work the job stands for, roughly in documents: a long court paper counts for its size.
    pub fn weight(&self) -> usize {
        1 + self.data.len() / 4096
    }
}

/// What a document is and whom it concerns: all that is known of it besides its data, and all
/// that the stages after rendering need (filing order, index, mail run).
#[derive(Clone, Debug)]
pub struct Doc {
    pub kind: Kind,
    pub template: String,
    /// Output path relative to the output folder.
    pub path: String,
    /// The court it is filed in; `None` for a letter.
    pub court: Option<CourtSlug>,
    /// The person it concerns; `None` for a court's own papers.
    pub person_ref: Option<PersonRef>,
    pub person_name: String,
    pub case_numbers: CaseNumbers,
    /// For a letter, where it is mailed.
    pub mail: Option<Box<Mail>>,
}

/// Where a letter is mailed: what the mail run needs of it.
#[derive(Clone, Debug)]
pub struct Mail {
    /// The court it is mailed under (its first case's).
    pub group: CourtSlug,
    /// The address block: the name, then the address lines.
    pub recipient: Vec<String>,
    pub zip: String,
    pub spanish: bool,
}

/// What the planner decided besides the jobs: who gets no letter and why.
pub struct Plan {
    pub jobs: Vec<Job>,
    pub totals: Totals,
    /// Courts with at least one case, in slug order.
    pub courts: Vec<CourtId>,
    pub unmailable: Vec<Unmailable>,
    /// Contacts rows that could not be read or repeat a person (`exceptions.csv`).
    pub exceptions: Vec<Exception>,
}

impl Plan {
    /// The jobs of one person: their petitions, orders and letter, to make them again alone.
    pub fn jobs_of<'a>(&'a self, person: &'a PersonRef) -> impl Iterator<Item = &'a Job> {
        self.jobs
            .iter()
            .filter(move |j| j.doc.person_ref.as_ref() == Some(person))
    }
}

/// How many people, cases and letters were planned for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Totals {
    pub people: usize,
    pub cases: usize,
    pub letters: usize,
    /// How the contacts rows were used.
    pub contacts: ContactCounts,
}

/// A person who gets no letter by mail (`mail/unmailable.csv`).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Unmailable {
    pub person_ref: PersonRef,
    pub reason: String,
    /// The contacts file and line the address came from (or could not be read from), if any.
    pub source: String,
    pub line: Option<u64>,
    /// A deceased person's letter is not made at all; the others' are made but not mailed.
    #[serde(skip)]
    pub deceased: bool,
}

fn date_long(d: NaiveDate) -> String {
    d.format("%B %-d, %Y").to_string()
}

/// "12 de junio de 1995", for Spanish letters.
fn date_long_es(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    format!(
        "{} de {} de {}",
        d.day(),
        MONTHS[d.month0() as usize],
        d.year()
    )
}

/// "MARIA ELENA O'NEIL-DIAZ" → "Maria Elena O'Neil-Diaz", for the greeting of a letter.
fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        if start {
            out.extend(c.to_uppercase())
        } else {
            out.extend(c.to_lowercase())
        }
        start = !c.is_alphanumeric();
    }
    out
}

fn date_short(d: NaiveDate) -> String {
    d.format("%m/%d/%Y").to_string()
}

/// The relief on one count given the as-of date: `None` for challenged counts.
pub fn remedy(count: &Count, as_of: NaiveDate) -> Option<Remedy> {
    let still_serving = !count.sentence.is_zero() && count.sentence.end(count.convicted) > as_of;
    Remedy::for_route(count.route, still_serving)
}

/// Whether a case of a court filed omnibus goes into the omnibus papers: not when the relief on
/// any of its counts needs a petition of its own (`Remedy::in_omnibus`).
fn in_omnibus(case: &Case, as_of: NaiveDate) -> bool {
    case.counts
        .iter()
        .filter_map(|c| remedy(c, as_of))
        .all(Remedy::in_omnibus)
}

struct Planner<'a> {
    forms: &'a Forms,
    config: &'a Config,
    as_of: NaiveDate,
    common: &'a Common<'a>,
    /// What every letter has alike: without taglines, and with them.
    letter_shared: [Arc<Shared>; 2],
    /// What every paper of a court shares, by court.
    court_shared: BTreeMap<CourtId, Arc<Shared>>,
    used_paths: HashSet<String>,
    jobs: Vec<Job>,
}

/// A tagline for the letter: its text with the help line filled in, and whether it is written
/// right to left (Arabic, Farsi), to be set as a right-to-left line. There the number is embedded
/// left to right: after Arabic letters its groups would otherwise print in reverse, 0199-555 (555).
fn tagline(line: &str, phone: &str) -> Tagline {
    let rtl = unicode_bidi::get_base_direction(line) == unicode_bidi::Direction::Rtl;
    let phone = if rtl {
        format!("\u{202A}{phone}\u{202C}")
    } else {
        phone.to_string()
    };
    Tagline {
        text: line.replace("{phone}", &phone),
        rtl,
    }
}

pub fn plan(
    people: &[Person],
    forms: &Forms,
    config: &Config,
    contacts: &Contacts,
    as_of: NaiveDate,
) -> Plan {
    let common = common(config, as_of);
    // The taglines with the help line filled in, as text (what templates edited before
    // right-to-left lines existed print) and with their direction.
    let lines: Vec<Tagline> = forms
        .taglines
        .iter()
        .map(|t| tagline(t, &config.office.help_phone))
        .collect();
    let texts: Vec<String> = lines.iter().map(|t| t.text.clone()).collect();
    let letter_shared =
        [(&[][..], &[][..]), (&texts[..], &lines[..])].map(|(taglines, tagline_lines)| {
            let envelope = EnvelopeData::of(&forms.envelope);
            Shared::new(papers::value(&LetterShared {
                common: &common,
                envelope,
                taglines,
                tagline_lines,
            }))
        });
    let mut p = Planner {
        forms,
        config,
        as_of,
        common: &common,
        letter_shared,
        court_shared: BTreeMap::new(),
        used_paths: HashSet::new(),
        jobs: Vec::new(),
    };
    // Per court: (person, case) pairs with relief, and those challenged.
    let mut relief: BTreeMap<CourtId, Vec<(&Person, &Case)>> = BTreeMap::new();
    let mut challenged: BTreeMap<CourtId, Vec<(&Person, &Case)>> = BTreeMap::new();
    let mut unmailable = Vec::new();
    let mut exceptions = Vec::new();

    for person in people {
        let mut letter_cases = Vec::new();
        for case in &person.cases {
            let court = forms.court(case.court);
            if case
                .counts
                .iter()
                .any(|c| matches!(c.route, Route::Dismiss | Route::Reduce))
            {
                relief.entry(case.court).or_default().push((person, case));
                if config.filing(&court.slug) == Filing::PerCase || !in_omnibus(case, as_of) {
                    p.case_documents(person, case);
                }
                letter_cases.push(case);
            }
            if case.counts.iter().any(|c| c.route == Route::Challenge) {
                challenged
                    .entry(case.court)
                    .or_default()
                    .push((person, case));
            }
        }
        if letter_cases.is_empty() {
            continue;
        }
        if person.deceased {
            unmailable.push(Unmailable {
                person_ref: person.person_ref.clone(),
                reason: "deceased: no letter".into(),
                source: String::new(),
                line: None,
                deceased: true,
            });
            continue;
        }
        let mut recipient = contacts.recipient(person);
        // Every address block must fit the envelope's window with its clearance.
        if recipient.mailable.is_ok() && recipient.lines.len() > forms.envelope.max_address_lines()
        {
            recipient.mailable = Err(format!(
                "address has {} lines; the envelope window holds {}",
                recipient.lines.len(),
                forms.envelope.max_address_lines()
            ));
        }
        if let Err(reason) = &recipient.mailable {
            unmailable.push(Unmailable {
                person_ref: person.person_ref.clone(),
                reason: reason.clone(),
                source: recipient
                    .from
                    .as_ref()
                    .map(|s| s.file.clone())
                    .unwrap_or_default(),
                line: recipient.from.as_ref().map(|s| s.line),
                deceased: false,
            });
        }
        exceptions.extend(contacts.issues_of(person).into_iter().map(exception));
        p.letter(person, &letter_cases, &recipient);
    }

    let mut courts: Vec<CourtId> = relief
        .keys()
        .chain(challenged.keys())
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    courts.sort_by(|a, b| forms.court(*a).slug.cmp(&forms.court(*b).slug));
    for &c in &courts {
        let r = relief.get(&c).map(Vec::as_slice).unwrap_or_default();
        let ch = challenged.get(&c).map(Vec::as_slice).unwrap_or_default();
        p.court_documents(c, r, ch);
    }
    let totals = Totals {
        people: people.len(),
        cases: people.iter().map(|p| p.cases.len()).sum(),
        letters: p.jobs.iter().filter(|j| j.doc.kind == Kind::Letter).count(),
        contacts: contacts.counts(people),
    };
    exceptions.extend(contacts.orphans().into_iter().map(exception));
    Plan {
        jobs: p.jobs,
        totals,
        courts,
        unmailable,
        exceptions,
    }
}

/// A contacts row's problem as a line of `exceptions.csv`.
fn exception(issue: ContactIssue) -> Exception {
    Exception {
        source: issue.source.file,
        line: issue.source.line,
        person_ref: issue.person_ref,
        case_number: String::new(),
        code: issue.code,
        message: issue.message,
    }
}

/// What every document knows: whether it is a sample, the office, the signer and the date.
pub(crate) fn common(config: &Config, as_of: NaiveDate) -> Common<'_> {
    Common {
        sample: config.sample,
        office: &config.office,
        signer: &config.signer,
        date: date_long(as_of),
    }
}

/// The titles and statute citations of a case's papers (`forms/papers.toml`), chosen by the
/// remedies of its counts.
fn paper<'a>(forms: &'a Forms, remedies: &BTreeSet<Remedy>) -> PaperDoc<'a> {
    let resentence = remedies.contains(&Remedy::Resentence);
    let dismiss = remedies.contains(&Remedy::DismissSeal);
    let redesignate = remedies.contains(&Remedy::Redesignate);
    let kind = if resentence {
        PaperKind::Resentence
    } else if dismiss && redesignate {
        PaperKind::DismissAndRedesignate
    } else if redesignate {
        PaperKind::Redesignate
    } else {
        PaperKind::Dismiss
    };
    let paper = forms.paper(kind);
    PaperDoc {
        title: forms.title(Kind::Petition, &paper.title),
        order_title: forms.title(Kind::Order, &paper.title),
        cite: &paper.cite,
        paper: &paper.paper,
        dismiss,
        redesignate,
        resentence,
    }
}

fn aka(person: &Person, case: &Case) -> String {
    if case.name.is_empty() || case.name.display() == person.name.display() {
        String::new()
    } else {
        case.name.printed()
    }
}

impl<'a> Planner<'a> {
    /// The file name from the pattern in `forms/documents.toml`; unique within the run.
    fn path(&mut self, kind: Kind, court: &str, case: &str, person: &str) -> String {
        let pattern = &self.forms.document(kind).file;
        let path = pattern
            .replace("{court}", court)
            .replace("{case}", case)
            .replace("{person}", person)
            .replace("{kind}", kind.name());
        let mut unique = path.clone();
        let mut n = 2;
        while !self.used_paths.insert(unique.clone()) {
            unique = path.replacen(".pdf", &format!("-{n}.pdf"), 1);
            n += 1;
        }
        unique
    }

    fn push(
        &mut self,
        kind: Kind,
        path: String,
        court: Option<&str>,
        who: Option<(&Person, &Case)>,
        data: Data,
    ) {
        let template = self.forms.document(kind).template.clone();
        let (person_ref, person_name, case_numbers) = match who {
            Some((p, c)) => (
                Some(p.person_ref.clone()),
                p.name.display(),
                c.numbers.clone(),
            ),
            None => Default::default(),
        };
        let doc = Doc {
            kind,
            template,
            path,
            court: court.map(CourtSlug::new),
            person_ref,
            person_name,
            case_numbers,
            mail: None,
        };
        self.jobs.push(Job { doc, data });
    }

    fn case_documents(&mut self, person: &Person, case: &Case) {
        let court = self.forms.court(case.court);
        let counts: Vec<(usize, &Count, Remedy)> = case
            .counts
            .iter()
            .enumerate()
            .filter_map(|(i, c)| remedy(c, self.as_of).map(|r| (i + 1, c, r)))
            .collect();
        let remedies: BTreeSet<Remedy> = counts.iter().map(|(_, _, r)| *r).collect();
        let counts = counts
            .iter()
            .map(|(n, c, r)| {
                let mut row = CountRow {
                    case: case.numbers_joined("; "),
                    n: *n,
                    section: c.section.to_string(),
                    level: c.level.letter(),
                    date: date_short(c.convicted),
                    relief: &self.forms.relief(*r).label,
                    tall: false,
                };
                row.tall = papers::tall([
                    row.case.as_str(),
                    &row.section,
                    row.level,
                    &row.date,
                    row.relief,
                ]);
                row
            })
            .collect();
        let shared = self.court_shared(case.court);
        let data = Data::on(
            &shared,
            &papers::value(&CasePaper {
                person: Defendant {
                    name: person.name.printed(),
                    aka: aka(person, case),
                },
                case: CaseRef {
                    numbers: case.numbers_joined("; "),
                },
                counts,
                doc: paper(self.forms, &remedies),
            }),
        );
        let stem = case.numbers.stem();
        for kind in [Kind::Petition, Kind::Order] {
            let path = self.path(kind, &court.slug, &stem, person.person_ref.as_str());
            self.push(
                kind,
                path,
                Some(&court.slug),
                Some((person, case)),
                data.clone(),
            );
        }
    }

    /// What every paper of a court shares, made once per court.
    fn court_shared(&mut self, court: CourtId) -> Arc<Shared> {
        let (forms, common) = (self.forms, self.common);
        let shared = self.court_shared.entry(court).or_insert_with(|| {
            Shared::new(papers::value(&InCourt {
                common,
                court: CourtData::of(forms.court(court)),
            }))
        });
        shared.clone()
    }

    /// A code section as the letter names it, with its plain description from `forms/statutes.toml`.
    fn offense(&self, section: &CodeSection) -> Offense<'a> {
        let statute = self.forms.statute(&section.section);
        Offense {
            // "HS" alone at the end of a line reads badly.
            section: section.to_string().replacen(' ', "\u{a0}", 1),
            title: statute.map(|t| t.title.as_str()),
            title_es: statute.map(|t| t.title_es.as_str()),
        }
    }

    fn letter(&mut self, person: &Person, cases: &[&Case], recipient: &Recipient) {
        let mut remedies = BTreeSet::new();
        let case_rows: Vec<LetterCase> = cases
            .iter()
            .map(|case| {
                let rs: BTreeSet<Remedy> = case
                    .counts
                    .iter()
                    .filter_map(|c| remedy(c, self.as_of))
                    .collect();
                remedies.extend(rs.iter().copied());
                let sections: BTreeSet<&CodeSection> = case
                    .counts
                    .iter()
                    .filter(|c| remedy(c, self.as_of).is_some())
                    .map(|c| &c.section)
                    .collect();
                let offenses = sections.iter().map(|s| self.offense(s)).collect();
                let relief = if rs.contains(&Remedy::Resentence) {
                    Remedy::Resentence
                } else if rs.contains(&Remedy::Redesignate) && !rs.contains(&Remedy::DismissSeal) {
                    Remedy::Redesignate
                } else {
                    Remedy::DismissSeal
                };
                let words = self.forms.relief(relief);
                LetterCase {
                    court: self.forms.court(case.court).official_name(),
                    numbers: case.numbers_joined(", "),
                    sections: sections
                        .iter()
                        .map(|s| s.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    offenses,
                    date: date_long(case.convicted()),
                    date_es: date_long_es(case.convicted()),
                    relief_en: &words.letter,
                    relief_es: &words.letter_es,
                }
            })
            .collect();
        let data = Data::on(
            &self.letter_shared[usize::from(recipient.other_language)],
            &papers::value(&Letter {
                person: Greeting {
                    name: breakable(&title_case(&person.name.display())),
                },
                date_es: date_long_es(self.as_of),
                recipient: recipient.lines.iter().map(|l| breakable(l)).collect(),
                zip: &recipient.zip,
                spanish: recipient.spanish,
                cases: case_rows,
                many: cases.len() > 1,
                dismissed: remedies.contains(&Remedy::DismissSeal),
                reduced: remedies.contains(&Remedy::Redesignate),
                resentence: remedies.contains(&Remedy::Resentence),
            }),
        );
        let path = self.path(Kind::Letter, "", "", person.person_ref.as_str());
        let first = cases[0];
        self.push(Kind::Letter, path, None, Some((person, first)), data);
        if let Some(job) = self.jobs.last_mut() {
            job.doc.case_numbers = CaseNumbers(
                cases
                    .iter()
                    .flat_map(|c| c.numbers.0.iter().cloned())
                    .collect(),
            );
            let group = CourtSlug::new(&self.forms.court(first.court).slug);
            job.doc.mail = Some(Box::new(Mail {
                group,
                recipient: recipient.lines.clone(),
                zip: recipient.zip.clone(),
                spanish: recipient.spanish,
            }));
        }
    }

    fn court_documents(
        &mut self,
        c: CourtId,
        relief: &[(&Person, &Case)],
        challenged: &[(&Person, &Case)],
    ) {
        let forms = self.forms;
        let slug = forms.court(c).slug.clone();
        let dob = |p: &Person| p.dob.map(date_short).unwrap_or_default();
        let as_of = self.as_of;
        let notice_row =
            |p: &Person, case: &Case, sections: Vec<String>, relief: BTreeSet<&str>| {
                let mut row = NoticeRow {
                    name: p.name.printed(),
                    dob: dob(p),
                    case: case.numbers_joined("; "),
                    sections: sections.join(", "),
                    relief: relief.into_iter().collect::<Vec<_>>().join("; "),
                    tall: false,
                };
                row.tall = papers::tall(
                    [&row.name, &row.dob, &row.case, &row.sections, &row.relief].map(|c| &**c),
                );
                row
            };
        let unchallenged_rows: Vec<NoticeRow> = relief
            .iter()
            .map(|(p, case)| {
                let counts: Vec<(&Count, Remedy)> = case
                    .counts
                    .iter()
                    .filter_map(|k| remedy(k, as_of).map(|r| (k, r)))
                    .collect();
                let labels = counts
                    .iter()
                    .map(|(_, r)| forms.relief(*r).label.as_str())
                    .collect();
                notice_row(
                    p,
                    case,
                    counts.iter().map(|(k, _)| k.section.to_string()).collect(),
                    labels,
                )
            })
            .collect();
        let challenged_rows: Vec<NoticeRow> = challenged
            .iter()
            .map(|(p, case)| {
                let counts: Vec<&Count> = case
                    .counts
                    .iter()
                    .filter(|k| k.route == Route::Challenge)
                    .collect();
                let grounds = counts
                    .iter()
                    .map(|k| {
                        if k.reason.is_empty() {
                            "Not eligible"
                        } else {
                            k.reason.as_str()
                        }
                    })
                    .collect();
                notice_row(
                    p,
                    case,
                    counts.iter().map(|k| k.section.to_string()).collect(),
                    grounds,
                )
            })
            .collect();
        // In a court filed omnibus, the cases its motion covers; the others have their own papers.
        let in_motion: Vec<(&Person, &Case)> = if self.config.filing(&slug) == Filing::Omnibus {
            relief
                .iter()
                .filter(|(_, case)| in_omnibus(case, as_of))
                .copied()
                .collect()
        } else {
            Vec::new()
        };
        let shared = self.court_shared(c);
        let people: BTreeSet<&PersonRef> = relief.iter().map(|(p, _)| &p.person_ref).collect();
        for (kind, rows, challenged) in [
            (Kind::NoticeUnchallenged, unchallenged_rows, false),
            (Kind::NoticeChallenged, challenged_rows, true),
        ] {
            if rows.is_empty() {
                continue;
            }
            let doc = NoticeDoc {
                title: forms.title(kind, ""),
                challenged,
                case_count: rows.len(),
            };
            let data = Data::on(
                &shared,
                &papers::value(&Notice {
                    doc,
                    rows: &rows,
                    part: Part::WHOLE,
                }),
            );
            let path = self.path(kind, &slug, "", "");
            self.push(kind, path, Some(&slug), None, data);
        }
        if !in_motion.is_empty() {
            self.omnibus_papers(c, &in_motion);
        }
        let doc = TransmittalDoc {
            omnibus: !in_motion.is_empty(),
            papers: relief.len() - in_motion.len(),
            people: people.len(),
            unchallenged: relief.len(),
            challenged: challenged.len(),
        };
        let data = Data::on(&shared, &papers::value(&Transmittal { doc }));
        let path = self.path(Kind::Transmittal, &slug, "", "");
        self.push(Kind::Transmittal, path, Some(&slug), None, data);
    }

    /// The omnibus motion and order of a court, each with Exhibit A: a row per count of `cases`.
    fn omnibus_papers(&mut self, c: CourtId, cases: &[(&Person, &Case)]) {
        let forms = self.forms;
        let slug = forms.court(c).slug.clone();
        let with_dob = self.config.exhibit_dob(&slug);
        let mut rows: Vec<OmnibusRow> = Vec::new();
        let mut by_relief: BTreeMap<Remedy, usize> = BTreeMap::new();
        for (p, case) in cases {
            let (name, aka) = (p.name.printed(), aka(p, case));
            let dob = match p.dob {
                Some(d) if with_dob => date_short(d),
                _ => String::new(),
            };
            for (i, k) in case.counts.iter().enumerate() {
                let Some(r) = remedy(k, self.as_of) else {
                    continue;
                };
                *by_relief.entry(r).or_default() += 1;
                rows.push(OmnibusRow {
                    row: rows.len() + 1,
                    name: name.clone(),
                    aka: aka.clone(),
                    dob: dob.clone(),
                    case: case.numbers_joined("; "),
                    n: i + 1,
                    section: k.section.to_string(),
                    level: k.level.letter(),
                    date: date_short(k.convicted),
                    relief: &forms.relief(r).short,
                });
            }
        }
        let people: BTreeSet<&PersonRef> = cases.iter().map(|(p, _)| &p.person_ref).collect();
        let reliefs: Vec<ReliefTotal> = by_relief
            .iter()
            .map(|(r, n)| ReliefTotal {
                short: &forms.relief(*r).short,
                label: &forms.relief(*r).label,
                counts: *n,
            })
            .collect();
        let shared = self.court_shared(c);
        for (kind, order) in [(Kind::OmnibusMotion, false), (Kind::OmnibusOrder, true)] {
            let title = forms.title(kind, "");
            let footer = forms
                .document(kind)
                .footer
                .clone()
                .unwrap_or_else(|| title.clone());
            let doc = OmnibusDoc {
                title,
                footer,
                order,
                case_count: cases.len(),
                people_count: people.len(),
                count_total: rows.len(),
                reliefs: reliefs.clone(),
                dismiss: by_relief.contains_key(&Remedy::DismissSeal),
                redesignate: by_relief.contains_key(&Remedy::Redesignate),
            };
            let data = Data::on(
                &shared,
                &papers::value(&Omnibus {
                    doc,
                    exhibit: ExhibitDoc {
                        dob: with_dob,
                        pages: 0,
                    },
                    rows: &rows,
                    part: Part::WHOLE,
                }),
            );
            let path = self.path(kind, &slug, "", "");
            self.push(kind, path, Some(&slug), None, data);
        }
    }
}
