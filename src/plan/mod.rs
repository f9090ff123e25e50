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
    Asks, CasePaper, CaseRef, Common, CountRow, CourtData, Defendant, EnvelopeData, ExhibitDoc,
    Greeting, InCourt, Labels, Letter, LetterCase, LetterShared, Notice, NoticeDoc, NoticeRow,
    Offense, Omnibus, OmnibusDoc, OmnibusRow, PaperDoc, Part, PublicDefenderData, ReliefTotal,
    Tagline, Transmittal, TransmittalDoc,
};

use crate::input::{
    Config, ContactCounts, ContactIssue, Contacts, Filing, Forms, Office, Procedure, Recipient,
    Relief, Signature, Signer, Titles,
};
use crate::model::{
    Case, CaseNumbers, CodeSection, Count, CourtId, CourtSlug, Exception, Kind, Level, Person,
    PersonRef, Remedy, Route, Supplemental, Wave, breakable,
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
    /// The title its caption prints (empty for a letter): also its PDF title and its title in
    /// the court's e-filing envelopes, taken from the very value the template is given.
    pub title: String,
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
    /// Every count asked relief for, with the document that asks it (`dispositions.csv`).
    pub dispositions: Vec<Disposition>,
}

/// A count the court is asked relief for, as the court's case system takes it
/// (`courts/<slug>/dispositions.csv`); the package adds where its document sits.
#[derive(Clone, Debug)]
pub struct Disposition {
    pub court: CourtSlug,
    pub case_numbers: CaseNumbers,
    /// Its number in the case, as the counts table prints it.
    pub count: usize,
    pub section: CodeSection,
    pub level: Level,
    pub convicted: NaiveDate,
    pub relief: Remedy,
    /// The output path of the document asking it: the case's petition, or the omnibus motion.
    pub document: String,
    pub person_ref: PersonRef,
    /// As the caption prints it.
    pub name: String,
    pub dob: Option<NaiveDate>,
    pub cii: String,
}

impl Disposition {
    /// Every count of `case` with relief as of `as_of`, asked for by `document`.
    fn of_case(
        court: &str,
        person: &Person,
        case: &Case,
        document: &str,
        as_of: NaiveDate,
    ) -> impl Iterator<Item = Disposition> {
        let court = CourtSlug::new(court);
        let document = document.to_string();
        case.counts.iter().filter_map(move |c| {
            c.remedy(as_of).map(|relief| Disposition {
                court: court.clone(),
                case_numbers: case.numbers.clone(),
                count: c.n,
                section: c.section.clone(),
                level: c.level,
                convicted: c.convicted,
                relief,
                document: document.clone(),
                person_ref: person.person_ref.clone(),
                name: person.name.printed(),
                dob: person.dob,
                cii: person.cii.clone(),
            })
        })
    }
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

struct Planner<'a> {
    forms: &'a Forms,
    config: &'a Config,
    as_of: NaiveDate,
    procedure: Procedure,
    /// What every letter has alike: without taglines, and with them.
    letter_shared: [Arc<Shared>; 2],
    /// What every paper of a court shares, by court.
    court_shared: BTreeMap<CourtId, Arc<Shared>>,
    used_paths: HashSet<String>,
    jobs: Vec<Job>,
    /// In a later wave: its number, and the earlier filing in each court filed in before.
    wave: Option<&'a Supplemental>,
    dispositions: Vec<Disposition>,
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
    plan_wave(people, forms, config, contacts, as_of, None)
}

/// `plan` for a wave after the first (`wave`): the same documents, for the cases given, under the
/// titles of a supplemental filing where a court had an earlier one.
pub fn plan_wave(
    people: &[Person],
    forms: &Forms,
    config: &Config,
    contacts: &Contacts,
    as_of: NaiveDate,
    wave: Option<&Supplemental>,
) -> Plan {
    let common = common(config, &config.office, &config.signer, as_of);
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
        procedure: config.procedure(as_of),
        letter_shared,
        court_shared: BTreeMap::new(),
        used_paths: HashSet::new(),
        jobs: Vec::new(),
        wave,
        dispositions: Vec::new(),
    };
    // Per court: (person, case) pairs with relief, those of them in an omnibus motion, and those
    // challenged.
    let mut relief: BTreeMap<CourtId, Vec<(&Person, &Case)>> = BTreeMap::new();
    let mut omnibus: BTreeMap<CourtId, Vec<(&Person, &Case)>> = BTreeMap::new();
    let mut challenged: BTreeMap<CourtId, Vec<(&Person, &Case)>> = BTreeMap::new();
    let mut unmailable = Vec::new();
    let mut exceptions = Vec::new();

    for person in people {
        let mut letter_cases = Vec::new();
        for case in &person.cases {
            let court = forms.court(case.court);
            let remedies: Vec<Remedy> =
                case.counts.iter().filter_map(|c| c.remedy(as_of)).collect();
            if !remedies.is_empty() {
                relief.entry(case.court).or_default().push((person, case));
                // A sentence still being served needs the court's findings on its own papers.
                let serving = remedies.iter().any(|r| r.serving());
                if config.filing(&court.slug) == Filing::Omnibus && !serving {
                    omnibus.entry(case.court).or_default().push((person, case));
                } else {
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
        let none = Vec::new();
        let [r, o, ch] = [&relief, &omnibus, &challenged].map(|m| m.get(&c).unwrap_or(&none));
        p.court_documents(c, r, o, ch);
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
        dispositions: p.dispositions,
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
pub(crate) fn common<'a>(
    config: &Config,
    office: &'a Office,
    signer: &'a Signer,
    as_of: NaiveDate,
) -> Common<'a> {
    Common {
        sample: config.sample,
        office,
        signer,
        date: date_long(as_of),
    }
}

/// What every paper of a court shares, given the court's office and how it files.
pub(crate) fn in_court<'a>(
    forms: &'a Forms,
    config: &Config,
    as_of: NaiveDate,
    common: &'a Common<'a>,
    court: CourtId,
) -> InCourt<'a> {
    let c = forms.court(court);
    let settings = config.court_office(&c.slug).map(|o| o.court);
    let pd = settings
        .map(|s| s.public_defender.clone())
        .unwrap_or_default();
    InCourt {
        common,
        court: CourtData::of(c),
        filing: papers::Filing {
            review: config.procedure(as_of) == Procedure::ReviewFrame,
            omnibus: config.filing(&c.slug) == Filing::Omnibus,
            electronic: settings.is_none_or(|s| s.signature == Signature::Electronic),
        },
        public_defender: PublicDefenderData {
            name: if pd.name.is_empty() {
                format!("Office of the Public Defender, County of {}", c.county)
            } else {
                pd.name
            },
            address: pd.address,
            email: pd.email,
        },
        labels: Labels::of(|r| &forms.relief(r).label),
    }
}

/// The titles and citation of a case's papers, put together from `forms/papers.toml` and
/// `forms/documents.toml` by the procedure and the reliefs on its counts.
fn paper<'a>(
    forms: &'a Forms,
    procedure: Procedure,
    remedies: &BTreeSet<Remedy>,
) -> (Titles, Titles, &'a str) {
    let serving = remedies.iter().any(|r| r.serving());
    let phrases = |pick: fn(&Relief) -> &String| {
        forms.joined(remedies.iter().map(|r| pick(forms.relief(*r)).clone()))
    };
    let (motion, order, short) = (
        phrases(|r| &r.motion),
        phrases(|r| &r.order),
        phrases(|r| &r.short),
    );
    let fill = [
        ("procedure", forms.procedure(procedure).prefix.as_str()),
        ("motion", &motion),
        ("order", &order),
        ("short", &short),
    ];
    let track = if serving {
        &forms.tracks().serving
    } else {
        &forms.tracks().completed
    };
    (
        forms.titles(Kind::Petition, &fill),
        forms.titles(Kind::Order, &fill),
        track.cite(procedure),
    )
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
        title: String,
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
            title,
        };
        self.jobs.push(Job { doc, data });
    }

    fn case_documents(&mut self, person: &Person, case: &Case) {
        let court = self.forms.court(case.court);
        let counts: Vec<(&Count, Remedy)> = case
            .counts
            .iter()
            .filter_map(|c| c.remedy(self.as_of).map(|r| (c, r)))
            .collect();
        let remedies: BTreeSet<Remedy> = counts.iter().map(|(_, r)| *r).collect();
        // DOJ's count numbers where every count has one; else the paper numbers its items.
        let count_numbers = counts.iter().all(|(c, _)| c.number().is_some());
        let counts = counts
            .iter()
            .map(|(c, r)| {
                let mut row = CountRow {
                    case: case.numbers_joined("; "),
                    n: c.n,
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
        let print_cii = self
            .config
            .court_office(&court.slug)
            .is_none_or(|o| o.court.print_cii);
        let (mut titles, mut order_titles, cite) = paper(self.forms, self.procedure, &remedies);
        if case.amended {
            let words = &self.forms.waves;
            titles.title = words.amended_petition.replace("{title}", &titles.title);
            order_titles.title = words.amended_order.replace("{title}", &order_titles.title);
        }
        let shared = self.court_shared(case.court);
        let pdf_titles = [titles.title.clone(), order_titles.title.clone()];
        let data = Data::on(
            &shared,
            &papers::value(&CasePaper {
                person: Defendant {
                    name: person.name.printed(),
                    aka: aka(person, case),
                    dob: person.dob.map(date_short).unwrap_or_default(),
                    cii: if print_cii {
                        person.cii.clone()
                    } else {
                        String::new()
                    },
                },
                case: CaseRef {
                    numbers: case.numbers_joined("; "),
                },
                counts,
                doc: PaperDoc {
                    title: titles.title,
                    footer: titles.footer,
                    order_title: order_titles.title,
                    order_footer: order_titles.footer,
                    cite,
                    serving: remedies.iter().any(|r| r.serving()),
                    deceased: person.deceased,
                    count_numbers,
                    asks: Asks::of(remedies.iter().copied()),
                    amended: case.amended,
                },
            }),
        );
        let stem = case.numbers.stem();
        for (kind, title) in [Kind::Petition, Kind::Order].into_iter().zip(pdf_titles) {
            let path = self.path(kind, &court.slug, &stem, person.person_ref.as_str());
            if kind == Kind::Petition {
                self.dispositions.extend(Disposition::of_case(
                    &court.slug,
                    person,
                    case,
                    &path,
                    self.as_of,
                ));
            }
            self.push(
                kind,
                path,
                title,
                Some(&court.slug),
                Some((person, case)),
                data.clone(),
            );
        }
    }

    /// What every paper of a court shares, made once per court.
    fn court_shared(&mut self, court: CourtId) -> Arc<Shared> {
        let (forms, config, as_of) = (self.forms, self.config, self.as_of);
        let shared = self.court_shared.entry(court).or_insert_with(|| {
            let slug = &forms.court(court).slug;
            let (office, signer) = config.signing(slug);
            let common = common(config, office, signer, as_of);
            Shared::new(papers::value(&in_court(
                forms, config, as_of, &common, court,
            )))
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
                    .filter_map(|c| c.remedy(self.as_of))
                    .collect();
                remedies.extend(rs.iter().copied());
                let sections: BTreeSet<&CodeSection> = case
                    .counts
                    .iter()
                    .filter(|c| c.remedy(self.as_of).is_some())
                    .map(|c| &c.section)
                    .collect();
                let offenses = sections.iter().map(|s| self.offense(s)).collect();
                // One sentence per relief on the case's counts, each once.
                let words = |pick: fn(&Relief) -> &String| {
                    let mut sentences: Vec<&str> = Vec::new();
                    for r in &rs {
                        let w = pick(self.forms.relief(*r)).as_str();
                        if !sentences.contains(&w) {
                            sentences.push(w);
                        }
                    }
                    sentences.join(" ")
                };
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
                    relief_en: words(|r| &r.letter),
                    relief_es: words(|r| &r.letter_es),
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
                asks: Asks::of(remedies.iter().copied()),
                serving: remedies.iter().any(|r| r.serving()),
            }),
        );
        let path = self.path(Kind::Letter, "", "", person.person_ref.as_str());
        let first = cases[0];
        self.push(
            Kind::Letter,
            path,
            String::new(),
            None,
            Some((person, first)),
            data,
        );
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

    /// A court's own papers: the § 11361.9 notices (review frame only), the omnibus motion and
    /// order over the cases it covers, and the transmittal.
    fn court_documents(
        &mut self,
        c: CourtId,
        relief: &[(&Person, &Case)],
        omnibus: &[(&Person, &Case)],
        challenged: &[(&Person, &Case)],
    ) {
        let forms = self.forms;
        let slug = forms.court(c).slug.clone();
        let as_of = self.as_of;
        let review = self.procedure == Procedure::ReviewFrame;
        let notice_row = |p: &Person, case: &Case, counts: &[&Count], relief: Vec<&str>| {
            let mut relief_words: Vec<&str> = Vec::new();
            for r in relief {
                if !relief_words.contains(&r) {
                    relief_words.push(r);
                }
            }
            let mut row = NoticeRow {
                name: p.name.printed(),
                aka: aka(p, case),
                dob: p.dob.map(date_short).unwrap_or_default(),
                case: case.numbers_joined("; "),
                sections: counts
                    .iter()
                    .map(|k| k.section.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                relief: relief_words.join("; "),
                tall: false,
            };
            row.tall = papers::tall(
                [
                    &row.name,
                    &row.aka,
                    &row.dob,
                    &row.case,
                    &row.sections,
                    &row.relief,
                ]
                .map(|c| &**c),
            );
            row
        };
        let unchallenged_rows: Vec<NoticeRow> = relief
            .iter()
            .map(|(p, case)| {
                let counts: Vec<&Count> = case
                    .counts
                    .iter()
                    .filter(|k| k.remedy(as_of).is_some())
                    .collect();
                let labels = counts
                    .iter()
                    .filter_map(|k| k.remedy(as_of))
                    .map(|r| forms.relief(r).label.as_str())
                    .collect();
                notice_row(p, case, &counts, labels)
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
                // The screen held every challenge without a ground in words.
                let grounds = counts.iter().filter_map(|k| forms.ground_of(k)).collect();
                notice_row(p, case, &counts, grounds)
            })
            .collect();
        let shared = self.court_shared(c);
        let people: BTreeSet<&PersonRef> = relief.iter().map(|(p, _)| &p.person_ref).collect();
        let notices = [
            (Kind::NoticeUnchallenged, unchallenged_rows, false),
            (Kind::NoticeChallenged, challenged_rows, true),
        ];
        for (kind, rows, challenged) in notices {
            if rows.is_empty() || !review {
                continue;
            }
            let titles = forms.titles(kind, &[]);
            let title = self.supplemental(&slug, titles.title);
            let doc = NoticeDoc {
                title: title.clone(),
                footer: titles.footer,
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
            self.push(kind, path, title, Some(&slug), None, data);
        }
        if !omnibus.is_empty() {
            self.omnibus(c, &shared, omnibus);
        }
        let title = forms.titles(Kind::Transmittal, &[]).title;
        let doc = TransmittalDoc {
            title: title.clone(),
            papers: relief.len() - omnibus.len(),
            people: people.len(),
            unchallenged: if review { relief.len() } else { 0 },
            challenged: if review { challenged.len() } else { 0 },
            supplemental: self.earlier(&slug).is_some(),
            filing_number: self.wave.map_or(1, |w| w.wave),
            previous_date: self
                .earlier(&slug)
                .map(|e| date_long(e.as_of))
                .unwrap_or_default(),
            previous_run_key: self
                .earlier(&slug)
                .map(|e| e.run_key.clone())
                .unwrap_or_default(),
        };
        let data = Data::on(&shared, &papers::value(&Transmittal { doc }));
        let path = self.path(Kind::Transmittal, &slug, "", "");
        self.push(Kind::Transmittal, path, title, Some(&slug), None, data);
    }

    /// The court's filing before this one, when this is a supplemental filing there.
    fn earlier(&self, slug: &str) -> Option<&'a Wave> {
        self.wave.and_then(|w| w.earlier.get(&CourtSlug::new(slug)))
    }

    /// A court paper's title, as a supplemental filing's where the court had an earlier one.
    fn supplemental(&self, slug: &str, title: String) -> String {
        match self.earlier(slug) {
            Some(_) => self.forms.waves.supplemental.replace("{title}", &title),
            None => title,
        }
    }

    /// The omnibus motion and order over a court's cases whose sentences are completed.
    fn omnibus(&mut self, c: CourtId, shared: &Arc<Shared>, cases: &[(&Person, &Case)]) {
        let (forms, as_of) = (self.forms, self.as_of);
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
            for k in &case.counts {
                let Some(r) = k.remedy(as_of) else {
                    continue;
                };
                *by_relief.entry(r).or_default() += 1;
                rows.push(OmnibusRow {
                    row: rows.len() + 1,
                    name: name.clone(),
                    aka: aka.clone(),
                    dob: dob.clone(),
                    case: case.numbers_joined("; "),
                    n: k.n,
                    section: k.section.to_string(),
                    level: k.level.letter(),
                    date: date_short(k.convicted),
                    relief: &forms.relief(r).column,
                });
            }
        }
        let reliefs: Vec<ReliefTotal> = by_relief
            .iter()
            .map(|(&r, &counts)| ReliefTotal {
                column: &forms.relief(r).column,
                label: &forms.relief(r).label,
                counts,
            })
            .collect();
        let people: BTreeSet<&PersonRef> = cases.iter().map(|(p, _)| &p.person_ref).collect();
        let prefix = forms.procedure(self.procedure).prefix.as_str();
        for (kind, order) in [(Kind::OmnibusMotion, false), (Kind::OmnibusOrder, true)] {
            let titles = forms.titles(kind, &[("procedure", prefix)]);
            let title = self.supplemental(&slug, titles.title);
            let doc = OmnibusDoc {
                title: title.clone(),
                footer: titles.footer,
                cite: forms.tracks().completed.cite(self.procedure).to_string(),
                order,
                case_count: cases.len(),
                people_count: people.len(),
                asks: Asks::of(by_relief.keys().copied()),
                marks: Labels::of(|r| &forms.relief(r).column),
                count_total: rows.len(),
                reliefs: reliefs.clone(),
            };
            let data = Data::on(
                shared,
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
            if kind == Kind::OmnibusMotion {
                for (p, case) in cases {
                    self.dispositions
                        .extend(Disposition::of_case(&slug, p, case, &path, as_of));
                }
            }
            self.push(kind, path, title, Some(&slug), None, data);
        }
    }
}
