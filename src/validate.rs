//! Validate and group: records become people, cases and counts; every row ends up used, skipped,
//! held for review or rejected, with its file and line.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::input::{Field, Forms, Input, Loaded, Record, RowIssue};
use crate::model::{
    Case, CaseNumber, CaseNumbers, CodeSection, Count, CourtId, Exception, ExceptionCode, Held,
    Level, Name, Person, PersonRef, Route, Sentence, parse_date,
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
    pub warnings: Vec<RowIssue>,
    pub rows: RowCounts,
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
        warnings: Vec::new(),
        rows: RowCounts::default(),
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();

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
        let mut extra_sentence: HashMap<(&str, &str), Sentence> = HashMap::new();
        for r in input.records.iter().filter(|r| !r.classified) {
            batch.rows.rows_skipped += 1;
            if let Some(s) =
                Sentence::parse(r.get(Field::SentenceLength), r.get(Field::SentenceUnit))
            {
                let key = (r.get(Field::SubjectId), r.get(Field::CaseKey));
                let e = extra_sentence.entry(key).or_default();
                *e = e.plus(s);
            }
        }
        for r in input.records.iter().filter(|r| r.classified) {
            let extra = extra_sentence
                .get(&(r.get(Field::SubjectId), r.get(Field::CaseKey)))
                .copied();
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
                Outcome::Hold(held) => {
                    batch.rows.rows_held += 1;
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
    batch.people = build_people(rows, forms);
    batch
}

enum Outcome<'a> {
    Use(Row<'a>),
    Hold(Held),
    Reject(Exception),
}

fn classify<'a>(
    r: &'a Record,
    forms: &Forms,
    has_after_2016: bool,
    prefix: Option<usize>,
    extra_sentence: Sentence,
    seen: &mut HashMap<(String, String), u64>,
    unprintable: &dyn Fn(&str) -> Option<char>,
) -> Outcome<'a> {
    let subject = r.get(Field::SubjectId);
    let pref = if subject.is_empty() {
        PersonRef::default()
    } else {
        PersonRef::of_subject(subject)
    };
    let raw_case = r.get(Field::CaseNumber);
    let numbers = CaseNumber::parse_list(raw_case);
    let shown_case = numbers
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
    let hold = |reason: String| {
        Outcome::Hold(Held {
            source: r.source.file.clone(),
            line: r.source.line,
            person_ref: pref.clone(),
            case_number: shown_case.clone(),
            determination: clip(determination),
            reason,
        })
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
    let route = match forms.route(determination) {
        Some(Route::Review) => {
            return hold(if gogen_reason.is_empty() {
                "held for review by the determination".into()
            } else {
                gogen_reason
            });
        }
        Some(route) => route,
        None => {
            return hold(format!(
                "unknown determination `{}`: not in forms/determinations.toml, so not guessed",
                clip(determination)
            ));
        }
    };
    let county = r.get(Field::County);
    let Some(court) = forms.court_of(county) else {
        return reject(
            ExceptionCode::UnknownCounty,
            format!(
                "county `{}` is not one of California's 58 courts",
                clip(county)
            ),
        );
    };
    if numbers.is_empty() {
        let what = if raw_case.is_empty() {
            "blank".to_string()
        } else {
            format!("`{}`", clip(raw_case))
        };
        return reject(
            ExceptionCode::NoCaseNumber,
            format!("no usable case number (the cell is {what})"),
        );
    }
    let Some(convicted) = parse_date(r.get(Field::ConvictionDate)) else {
        return reject(
            ExceptionCode::BadDate,
            format!(
                "impossible conviction date `{}`",
                clip(r.get(Field::ConvictionDate))
            ),
        );
    };
    let offense = r.get(Field::Offense);
    let section =
        CodeSection::parse(offense).or_else(|| CodeSection::parse(r.get(Field::OffenseComment)));
    let Some(section) = section else {
        return reject(
            ExceptionCode::BadCodeSection,
            format!(
                "no Prop 64 code section (HS 11357-11360) in `{}`",
                clip(offense)
            ),
        );
    };
    let Some(level) = Level::from_gogen(r.get(Field::Level), r.get(Field::LevelCode)) else {
        return reject(
            ExceptionCode::BadLevel,
            format!(
                "unknown level `{}`: expected FELONY, MISDEMEANOR or INFRACTION",
                clip(r.get(Field::Level))
            ),
        );
    };
    let after = if has_after_2016 {
        r.get(Field::After2016).eq_ignore_ascii_case("Y")
    } else {
        convicted > prop64_cutoff()
    };
    if after && matches!(route, Route::Dismiss | Route::Reduce) {
        return hold(
            "conviction after 11/9/2016: relief depends on when the conduct happened".into(),
        );
    }
    let count_order = r.get(Field::CaseKey).to_string();
    // What identifies a count: gogen's CNT_ORDER, or a case id with a count number.
    let count_id = match (prefix, r.get(Field::CountNumber)) {
        (Some(_), _) => count_order.clone(),
        (None, "") => String::new(),
        (None, n) => format!("{count_order}#{n}"),
    };
    if !count_id.is_empty()
        && let Some(first) = seen.insert((subject.to_string(), count_id), r.source.line)
    {
        return reject(
            ExceptionCode::Duplicate,
            format!("the same count as line {first} (same person, case and count)"),
        );
    }
    let case_key = match prefix {
        Some(n) if count_order.len() >= n => count_order[..n].to_string(),
        _ if !count_order.is_empty() && prefix.is_none() => count_order.clone(),
        _ => format!("#{}", numbers[0]),
    };
    let sentence = Sentence::parse(r.get(Field::SentenceLength), r.get(Field::SentenceUnit))
        .unwrap_or_default()
        .plus(extra_sentence);
    Outcome::Use(Row {
        record: r,
        count: Count {
            source: r.source.clone(),
            count_order,
            section,
            level,
            convicted,
            sentence,
            reason: gogen_reason,
            determination: clip(determination),
            route,
        },
        court,
        numbers,
        case_key,
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

fn build_people(rows: Vec<Row>, forms: &Forms) -> Vec<Person> {
    let mut people: BTreeMap<String, Person> = BTreeMap::new();
    let mut cases: BTreeMap<(String, CourtId, String), Case> = BTreeMap::new();
    for row in rows {
        let r = row.record;
        let subject = r.get(Field::SubjectId).to_string();
        let name = Name::parse(r.get(Field::Name));
        let person = people.entry(subject.clone()).or_insert_with(|| Person {
            person_ref: PersonRef::of_subject(&subject),
            subject_id: subject.clone(),
            cii: String::new(),
            name: name.clone(),
            dob: None,
            deceased: false,
            cases: Vec::new(),
        });
        if person.name.is_empty() {
            person.name = name.clone();
        }
        if person.cii.is_empty() {
            person.cii = r.get(Field::CiiNumber).to_string();
        }
        person.dob = person.dob.or_else(|| parse_date(r.get(Field::Dob)));
        person.deceased |= r.get(Field::Deceased).eq_ignore_ascii_case("deceased");
        let case = cases
            .entry((subject, row.court, row.case_key))
            .or_insert_with(|| Case {
                court: row.court,
                numbers: CaseNumbers::default(),
                name,
                counts: Vec::new(),
            });
        for n in row.numbers {
            if !case.numbers.0.contains(&n) {
                case.numbers.0.push(n);
            }
        }
        case.counts.push(row.count);
    }
    for ((subject, _, _), case) in cases {
        if let Some(p) = people.get_mut(&subject) {
            p.cases.push(case);
        }
    }
    let mut people: Vec<Person> = people.into_values().collect();
    for p in &mut people {
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
    people.sort_by(|a, b| a.person_ref.cmp(&b.person_ref));
    people
}
