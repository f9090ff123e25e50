//! Validate and group: records become people, cases and counts; every row ends up used, skipped,
//! held for review or rejected, with its file and line.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::input::{Field, Forms, Input, Loaded, Record, RowIssue};
use crate::model::{
    Case, CaseNumber, CaseNumbers, CodeSection, Count, CourtId, Exception, ExceptionCode, Held,
    Level, Name, Person, PersonRef, Route, Sentence, Source, parse_date,
};

#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct RowCounts {
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_skipped: u64,
    pub rows_held: u64,
    pub rows_rejected: u64,
}

pub struct Batch {
    pub people: Vec<Person>,
    pub exceptions: Vec<Exception>,
    pub review: Vec<Held>,
    /// The held rows that could be filed, were a reviewer to decide so (`decide`).
    pub candidates: Vec<Candidate>,
    pub warnings: Vec<RowIssue>,
    pub rows: RowCounts,
}

/// A held row that a decision can file: the person, case and count it would be.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// Its entry in `Batch::review`.
    pub held: usize,
    pub subject_id: String,
    pub cii: String,
    pub name: Name,
    pub dob: Option<NaiveDate>,
    pub deceased: bool,
    pub court: CourtId,
    /// The case it belongs to within the person and court (`Case::key`).
    pub key: String,
    /// Its case numbers, and those of the other rows of its case.
    pub numbers: Vec<CaseNumber>,
    pub count: Count,
}

/// Prop 64 took effect the day after the 2016 election; later convictions turn on when the conduct
/// happened, which the data does not say.
fn prop64_cutoff() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 11, 9).unwrap_or_default()
}

struct Row<'a> {
    record: &'a Record,
    count: Count,
    court: CourtId,
    numbers: Vec<CaseNumber>,
    case_key: String,
}

/// A row as far as it can be filed: its court, case and count.
struct Parsed {
    court: CourtId,
    numbers: Vec<CaseNumber>,
    case_key: String,
    count: Count,
}

/// What identifies a count within a court: the person and gogen's count (or a case id with a
/// count number). Case numbers repeat across courts, so the court is part of it.
type CountId = (CourtId, String, String);

/// `unprintable` gives the first character of a text that the bundled fonts lack: a row whose name
/// has one is rejected here, before anything is planned, so that the court's notice does not fail
/// on it.
pub fn check(loaded: &Loaded, unprintable: &dyn Fn(&str) -> Option<char>) -> Batch {
    group(&loaded.inputs, &loaded.forms, unprintable)
}

/// `check` over inputs read some other way (the example compiled into the program).
pub fn group(
    inputs: &[(Input, Option<usize>)],
    forms: &Forms,
    unprintable: &dyn Fn(&str) -> Option<char>,
) -> Batch {
    let mut batch = Batch {
        people: Vec::new(),
        exceptions: Vec::new(),
        review: Vec::new(),
        candidates: Vec::new(),
        warnings: Vec::new(),
        rows: RowCounts::default(),
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: HashMap<CountId, Source> = HashMap::new();

    for (input, prefix) in inputs {
        batch.rows.rows_read += input.rows_read();
        batch.warnings.extend(input.warnings.iter().cloned());
        for broken in &input.broken {
            batch.rows.rows_rejected += 1;
            batch.exceptions.push(Exception {
                source: broken.source.file.clone(),
                line: broken.source.line,
                person_ref: PersonRef::default(),
                case_number: String::new(),
                code: ExceptionCode::UnreadableRow,
                message: broken.message.clone(),
            });
        }
        // Extra rows of a count (another part of its sentence) add to the count's sentence.
        let mut extra_sentence: HashMap<(&str, &str, &str), Sentence> = HashMap::new();
        for r in input.records.iter().filter(|r| !r.classified) {
            batch.rows.rows_skipped += 1;
            if let Some(s) =
                Sentence::parse(r.get(Field::SentenceLength), r.get(Field::SentenceUnit))
            {
                let e = extra_sentence.entry(sentence_key(r)).or_default();
                *e = e.plus(s);
            }
        }
        for r in input.records.iter().filter(|r| r.classified) {
            let extra = extra_sentence.get(&sentence_key(r)).copied();
            match classify(
                r,
                forms,
                input.has_after_2016,
                *prefix,
                extra.unwrap_or_default(),
                &mut seen,
                unprintable,
            ) {
                Outcome::Use(row) => rows.push(row),
                Outcome::Hold(held, parsed) => {
                    batch.rows.rows_held += 1;
                    if let Some(p) = parsed {
                        batch.candidates.push(candidate(r, p, batch.review.len()));
                    }
                    batch.review.push(held);
                }
                Outcome::Reject(exception) => {
                    batch.rows.rows_rejected += 1;
                    batch.exceptions.push(exception);
                }
            }
        }
    }
    batch.rows.rows_used = rows.len() as u64;
    number_counts(&mut rows, &mut batch.candidates);
    for c in &batch.candidates {
        batch.review[c.held].count = Some(c.count.n);
    }
    batch.people = build_people(rows, &mut batch.candidates, forms);
    batch
}

/// The count a context row's sentence adds to: same person, county and count.
fn sentence_key(r: &Record) -> (&str, &str, &str) {
    (
        r.get(Field::SubjectId),
        r.get(Field::County),
        r.get(Field::CaseKey),
    )
}

/// Numbers the counts of each case, held rows included, so that a count has one number in
/// `review.csv`, in a decisions file and on the papers: DOJ's count numbers where every count of
/// the case has one, else 1, 2, … in gogen's count order.
fn number_counts(rows: &mut [Row], candidates: &mut [Candidate]) {
    type Slot<'a> = (
        (&'a str, CourtId, &'a str),
        (&'a str, &'a Source),
        Option<usize>,
        usize,
    );
    let mut order: Vec<Slot> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                (r.record.get(Field::SubjectId), r.court, r.case_key.as_str()),
                (r.count.count_order.as_str(), &r.count.source),
                None,
                i,
            )
        })
        .chain(candidates.iter().enumerate().map(|(i, c)| {
            (
                (c.subject_id.as_str(), c.court, c.key.as_str()),
                (c.count.count_order.as_str(), &c.count.source),
                Some(i),
                i,
            )
        }))
        .collect();
    order.sort();
    let mut numbers: Vec<(Option<usize>, usize, usize)> = Vec::with_capacity(order.len());
    for case in order.chunk_by(|a, b| a.0 == b.0) {
        let count = |slot: &Slot| match slot.2 {
            Some(_) => &candidates[slot.3].count,
            None => &rows[slot.3].count,
        };
        let doj: Option<Vec<u32>> = case.iter().map(|s| count(s).number()).collect();
        for (i, slot) in case.iter().enumerate() {
            let n = doj.as_ref().map_or(i + 1, |d| d[i] as usize);
            numbers.push((slot.2, slot.3, n));
        }
    }
    drop(order);
    for (candidate, i, n) in numbers {
        match candidate {
            Some(_) => candidates[i].count.n = n,
            None => rows[i].count.n = n,
        }
    }
}

fn candidate(r: &Record, p: Parsed, held: usize) -> Candidate {
    Candidate {
        held,
        subject_id: r.get(Field::SubjectId).to_string(),
        cii: r.get(Field::CiiNumber).to_string(),
        name: Name::parse(r.get(Field::Name)),
        dob: parse_date(r.get(Field::Dob)),
        deceased: r.get(Field::Deceased).eq_ignore_ascii_case("deceased"),
        court: p.court,
        key: p.case_key,
        numbers: p.numbers,
        count: p.count,
    }
}

enum Outcome<'a> {
    Use(Row<'a>),
    /// Held, with what the row would file were a reviewer to decide so.
    Hold(Held, Option<Parsed>),
    Reject(Exception),
}

fn classify<'a>(
    r: &'a Record,
    forms: &Forms,
    has_after_2016: bool,
    prefix: Option<usize>,
    extra_sentence: Sentence,
    seen: &mut HashMap<CountId, Source>,
    unprintable: &dyn Fn(&str) -> Option<char>,
) -> Outcome<'a> {
    let subject = r.get(Field::SubjectId);
    let pref = if subject.is_empty() {
        PersonRef::default()
    } else {
        PersonRef::of_subject(subject)
    };
    let raw_case = r.get(Field::CaseNumber);
    let shown_case = CaseNumber::parse_list(raw_case)
        .first()
        .map(|n| n.to_string())
        .unwrap_or_else(|| clip(raw_case));
    let reject = |code: ExceptionCode, message: String| {
        Outcome::Reject(Exception {
            source: r.source.file.clone(),
            line: r.source.line,
            person_ref: pref.clone(),
            case_number: shown_case.clone(),
            code,
            message,
        })
    };
    let determination = r.get(Field::Determination);
    let hold = |reason: String, parsed: Option<Parsed>| {
        Outcome::Hold(
            Held {
                source: r.source.file.clone(),
                line: r.source.line,
                person_ref: pref.clone(),
                court: forms
                    .court_of(r.get(Field::County))
                    .map(|c| forms.court(c).slug.clone())
                    .unwrap_or_default(),
                case_number: shown_case.clone(),
                count: None,
                determination: clip(determination),
                reason,
            },
            parsed,
        )
    };

    if subject.is_empty() {
        return reject(
            ExceptionCode::NoSubjectId,
            "no SUBJECT_ID: the row cannot be tied to a person".into(),
        );
    }
    let name_chars = r.get(Field::Name).chars().count();
    if name_chars > MAX_NAME_CHARS {
        return reject(
            ExceptionCode::NameTooLong,
            format!(
                "the name is {name_chars} characters long; a court paper prints at most {MAX_NAME_CHARS}"
            ),
        );
    }
    if let Some(c) = unprintable(r.get(Field::Name)) {
        return reject(
            ExceptionCode::Unprintable,
            format!(
                "the name has a character the bundled fonts lack (U+{:04X}) and would print as a blank box: make this case's papers by hand",
                c as u32
            ),
        );
    }
    let gogen_reason = clip(r.get(Field::Reason));
    let parsed = parse(r, forms, prefix, extra_sentence, &gogen_reason);
    let route = match forms.route(determination) {
        Some(Route::Review) => {
            let reason = if gogen_reason.is_empty() {
                "held for review by the determination".into()
            } else {
                gogen_reason
            };
            return hold(reason, parsed.ok());
        }
        Some(route) => route,
        None => {
            return hold(
                format!(
                    "unknown determination `{}`: not in forms/determinations.toml, so not guessed",
                    clip(determination)
                ),
                parsed.ok(),
            );
        }
    };
    let mut parsed = match parsed {
        Ok(p) => p,
        Err((code, message)) => return reject(code, message),
    };
    parsed.count.route = route;
    let after = if has_after_2016 {
        r.get(Field::After2016).eq_ignore_ascii_case("Y")
    } else {
        parsed.count.convicted > prop64_cutoff()
    };
    if after && matches!(route, Route::Dismiss | Route::Reduce) {
        return hold(
            "conviction after 11/9/2016: relief depends on when the conduct happened".into(),
            Some(parsed),
        );
    }
    let count_order = &parsed.count.count_order;
    // What identifies a count: gogen's CNT_ORDER, or a case id with a count number.
    let count_id = match (prefix, r.get(Field::CountNumber)) {
        (Some(_), _) => count_order.clone(),
        (None, "") => String::new(),
        (None, n) => format!("{count_order}#{n}"),
    };
    if !count_id.is_empty() {
        match seen.entry((parsed.court, subject.to_string(), count_id)) {
            Entry::Occupied(first) => {
                let first = first.get();
                return reject(
                    ExceptionCode::Duplicate,
                    format!(
                        "the same count as line {} of {} (same person, court, case and count)",
                        first.line, first.file
                    ),
                );
            }
            Entry::Vacant(slot) => {
                slot.insert(r.source.clone());
            }
        }
    }
    Outcome::Use(Row {
        record: r,
        count: parsed.count,
        court: parsed.court,
        numbers: parsed.numbers,
        case_key: parsed.case_key,
    })
}

/// The court, case and count of a row, or why it cannot be filed. The route is set by the caller.
fn parse(
    r: &Record,
    forms: &Forms,
    prefix: Option<usize>,
    extra_sentence: Sentence,
    reason: &str,
) -> Result<Parsed, (ExceptionCode, String)> {
    let county = r.get(Field::County);
    let Some(court) = forms.court_of(county) else {
        return Err((
            ExceptionCode::UnknownCounty,
            format!(
                "county `{}` is not one of California's 58 courts",
                clip(county)
            ),
        ));
    };
    let raw_case = r.get(Field::CaseNumber);
    let numbers = CaseNumber::parse_list(raw_case);
    if numbers.is_empty() {
        let what = if raw_case.is_empty() {
            "blank".to_string()
        } else {
            format!("`{}`", clip(raw_case))
        };
        return Err((
            ExceptionCode::NoCaseNumber,
            format!("no usable case number (the cell is {what})"),
        ));
    }
    let Some(convicted) = parse_date(r.get(Field::ConvictionDate)) else {
        return Err((
            ExceptionCode::BadDate,
            format!(
                "impossible conviction date `{}`",
                clip(r.get(Field::ConvictionDate))
            ),
        ));
    };
    let offense = r.get(Field::Offense);
    let section =
        CodeSection::parse(offense).or_else(|| CodeSection::parse(r.get(Field::OffenseComment)));
    let Some(section) = section else {
        return Err((
            ExceptionCode::BadCodeSection,
            format!(
                "no Prop 64 code section (HS 11357-11360) in `{}`",
                clip(offense)
            ),
        ));
    };
    let Some(level) = Level::from_gogen(r.get(Field::Level), r.get(Field::LevelCode)) else {
        return Err((
            ExceptionCode::BadLevel,
            format!(
                "unknown level `{}`: expected FELONY, MISDEMEANOR or INFRACTION",
                clip(r.get(Field::Level))
            ),
        ));
    };
    let count_order = r.get(Field::CaseKey).to_string();
    let case_key = match prefix {
        Some(n) if count_order.len() >= n => count_order[..n].to_string(),
        _ if !count_order.is_empty() && prefix.is_none() => count_order.clone(),
        _ => format!("#{}", numbers[0]),
    };
    let sentence = Sentence::parse(r.get(Field::SentenceLength), r.get(Field::SentenceUnit))
        .unwrap_or_default()
        .plus(extra_sentence);
    Ok(Parsed {
        court,
        numbers,
        case_key,
        count: Count {
            source: r.source.clone(),
            count_order,
            section,
            level,
            convicted,
            sentence,
            reason: reason.to_string(),
            determination: clip(r.get(Field::Determination)),
            route: Route::Review,
            n: 0,
            decided: false,
        },
    })
}

/// Names on court records are far shorter than this: a longer one is a broken record, not a name
/// to print across pages of caption.
const MAX_NAME_CHARS: usize = 200;

/// At most 80 characters of a cell, on one line, for a message.
fn clip(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut s: String = one_line.chars().take(80).collect();
    if one_line.chars().count() > 80 {
        s.push('…');
    }
    s
}

fn build_people(rows: Vec<Row>, candidates: &mut [Candidate], forms: &Forms) -> Vec<Person> {
    let mut people: BTreeMap<String, Person> = BTreeMap::new();
    let mut cases: BTreeMap<(String, CourtId, String), Case> = BTreeMap::new();
    for row in rows {
        let r = row.record;
        let subject = r.get(Field::SubjectId).to_string();
        let name = Name::parse(r.get(Field::Name));
        let person = people
            .entry(subject.clone())
            .or_insert_with(|| new_person(&subject, &name));
        merge_person(
            person,
            &name,
            r.get(Field::CiiNumber),
            parse_date(r.get(Field::Dob)),
            r.get(Field::Deceased).eq_ignore_ascii_case("deceased"),
        );
        let case = cases
            .entry((subject, row.court, row.case_key.clone()))
            .or_insert_with(|| new_case(row.court, &row.case_key, name));
        add_numbers(&mut case.numbers.0, row.numbers);
        case.counts.push(row.count);
    }
    // A held row's numbers are its case's too, for a decision to find the case by.
    for c in candidates.iter_mut() {
        if let Some(case) = cases.get_mut(&(c.subject_id.clone(), c.court, c.key.clone())) {
            add_numbers(&mut case.numbers.0, c.numbers.clone());
            c.numbers = case.numbers.0.clone();
        }
    }
    for ((subject, _, _), case) in cases {
        if let Some(p) = people.get_mut(&subject) {
            p.cases.push(case);
        }
    }
    let mut people: Vec<Person> = people.into_values().collect();
    for p in &mut people {
        sort_cases(p, forms);
    }
    people.sort_by(|a, b| a.person_ref.cmp(&b.person_ref));
    people
}

pub(crate) fn new_person(subject: &str, name: &Name) -> Person {
    Person {
        person_ref: PersonRef::of_subject(subject),
        subject_id: subject.to_string(),
        cii: String::new(),
        name: name.clone(),
        dob: None,
        deceased: false,
        cases: Vec::new(),
    }
}

/// What a further row of a person adds: a name, CII number or date of birth where there was
/// none, and whether they are deceased.
pub(crate) fn merge_person(
    person: &mut Person,
    name: &Name,
    cii: &str,
    dob: Option<NaiveDate>,
    deceased: bool,
) {
    if person.name.is_empty() {
        person.name = name.clone();
    }
    if person.cii.is_empty() {
        person.cii = cii.to_string();
    }
    person.dob = person.dob.or(dob);
    person.deceased |= deceased;
}

pub(crate) fn new_case(court: CourtId, key: &str, name: Name) -> Case {
    Case {
        court,
        numbers: CaseNumbers::default(),
        name,
        counts: Vec::new(),
        key: key.to_string(),
        amended: false,
    }
}

pub(crate) fn add_numbers(to: &mut Vec<CaseNumber>, numbers: Vec<CaseNumber>) {
    for n in numbers {
        if !to.contains(&n) {
            to.push(n);
        }
    }
}

/// A person's cases by court, numbers and date; each case's counts in gogen's order.
pub(crate) fn sort_cases(p: &mut Person, forms: &Forms) {
    p.cases.sort_by(|a, b| {
        (&forms.court(a.court).slug, &a.numbers, a.convicted()).cmp(&(
            &forms.court(b.court).slug,
            &b.numbers,
            b.convicted(),
        ))
    });
    for c in &mut p.cases {
        c.counts
            .sort_by(|a, b| (&a.count_order, &a.source).cmp(&(&b.count_order, &b.source)));
    }
}
