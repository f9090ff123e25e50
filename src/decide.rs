//! Decide: a reviewer's decisions applied to the checked rows, between validate and plan. A
//! decided count is filed as decided (a held one too), challenged on the reviewer's ground,
//! excluded from every paper, or held; `decisions.csv` records each, with who decided it.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Error;
use crate::input::{DecisionLine, Decisions, Forms};
use crate::model::{
    Asked, CaseNumber, Count, CourtId, CourtSlug, Decision, Exception, ExceptionCode, Held,
    PersonRef, Route,
};
use crate::validate::{self, Batch};

/// One count a decision was applied to: a row of `decisions.csv`.
#[derive(Clone, Debug, Serialize)]
pub struct Applied {
    /// The decisions file and the line of the decision.
    pub source: String,
    pub line: u64,
    pub court: CourtSlug,
    pub case_number: String,
    pub count: usize,
    pub person_ref: PersonRef,
    /// What the count was before: its relief, `challenge`, or `hold` for a held row.
    pub was: String,
    pub now: Decision,
    pub reviewer: String,
    pub note: String,
}

pub const DECISIONS_HEADER: [&str; 10] = [
    "source",
    "line",
    "court",
    "case_number",
    "count",
    "person_ref",
    "was",
    "now",
    "reviewer",
    "note",
];

/// What the decisions did.
#[derive(Debug, Default)]
pub struct Decided {
    /// One row per count decided, in the order of the file.
    pub applied: Vec<Applied>,
    /// How many lines of the file matched a count.
    pub lines_applied: usize,
    pub sha256: Option<String>,
}

/// A count a decision can name: one of a case's (person, case, count), or a held row's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Target {
    Used(usize, usize, usize),
    Held(usize),
}

/// Applies `decisions` to `batch`. Two lines deciding one count differently stop the run (nothing
/// has been written); a line that names no count is listed in `exceptions.csv`.
pub fn apply(
    batch: &mut Batch,
    decisions: &Decisions,
    forms: &Forms,
    as_of: NaiveDate,
) -> Result<Decided, Error> {
    // Every count by its court and each of its case's numbers.
    let mut by_case: HashMap<(CourtId, &CaseNumber), Vec<Target>> = HashMap::new();
    for (pi, p) in batch.people.iter().enumerate() {
        for (ci, c) in p.cases.iter().enumerate() {
            for n in &c.numbers.0 {
                by_case
                    .entry((c.court, n))
                    .or_default()
                    .extend((0..c.counts.len()).map(|ki| Target::Used(pi, ci, ki)));
            }
        }
    }
    for (i, c) in batch.candidates.iter().enumerate() {
        for n in &c.numbers {
            by_case
                .entry((c.court, n))
                .or_default()
                .push(Target::Held(i));
        }
    }

    // Which line decides each count; two lines deciding one count differently is an error.
    let mut chosen: BTreeMap<Target, &DecisionLine> = BTreeMap::new();
    let mut matched: Vec<(&DecisionLine, Vec<Target>)> = Vec::new();
    let mut unmatched = Vec::new();
    let mut conflicts = Vec::new();
    for d in &decisions.lines {
        let targets: Vec<Target> = by_case
            .get(&(d.court, &d.case_number))
            .into_iter()
            .flatten()
            .copied()
            .filter(|t| {
                let (person, n) = match *t {
                    Target::Used(pi, ci, ki) => {
                        let p = &batch.people[pi];
                        (&p.person_ref, p.cases[ci].counts[ki].n)
                    }
                    Target::Held(i) => {
                        let c = &batch.candidates[i];
                        (&batch.review[c.held].person_ref, c.count.n)
                    }
                };
                d.person_ref.as_ref().is_none_or(|r| r == person) && d.count.is_none_or(|k| k == n)
            })
            .collect();
        if targets.is_empty() {
            unmatched.push(unmatched_exception(d, decisions, forms));
            continue;
        }
        for &t in &targets {
            match chosen.get(&t) {
                Some(other) if other.decision != d.decision => {
                    conflicts.push(format!(
                        "lines {} and {} decide count {} of case {} in {} differently ({} and {}); keep one",
                        other.line,
                        d.line,
                        count_of(batch, t),
                        d.case_number,
                        forms.court(d.court).slug,
                        other.decision,
                        d.decision
                    ));
                }
                Some(_) => {}
                None => {
                    chosen.insert(t, d);
                }
            }
        }
        matched.push((d, targets));
    }
    if !conflicts.is_empty() {
        conflicts.dedup();
        return Err(Error::input(
            &decisions.file,
            conflicts.join(&format!("\n{}: ", decisions.file)),
        ));
    }

    let mut decided = Decided {
        lines_applied: matched.len(),
        sha256: Some(decisions.sha256.clone()),
        ..Decided::default()
    };
    for (d, targets) in &matched {
        for &t in targets {
            decided
                .applied
                .push(audit(batch, forms, decisions, d, t, as_of));
        }
    }
    batch.exceptions.extend(unmatched);
    change(batch, forms, &chosen, decisions);
    Ok(decided)
}

fn count_of(batch: &Batch, t: Target) -> usize {
    match t {
        Target::Used(pi, ci, ki) => batch.people[pi].cases[ci].counts[ki].n,
        Target::Held(i) => batch.candidates[i].count.n,
    }
}

fn unmatched_exception(d: &DecisionLine, decisions: &Decisions, forms: &Forms) -> Exception {
    let mut what = format!(
        "no count of case {} in {}",
        d.case_number,
        forms.court(d.court).slug
    );
    if let Some(n) = d.count {
        what = format!(
            "no count {n} of case {} in {}",
            d.case_number,
            forms.court(d.court).slug
        );
    }
    if let Some(p) = &d.person_ref {
        what.push_str(&format!(" for {p}"));
    }
    Exception {
        source: decisions.file.clone(),
        line: d.line,
        person_ref: d.person_ref.clone().unwrap_or_default(),
        case_number: d.case_number.to_string(),
        code: ExceptionCode::DecisionUnmatched,
        message: format!("{what} in the input: the decision is not applied"),
    }
}

fn audit(
    batch: &Batch,
    forms: &Forms,
    decisions: &Decisions,
    d: &DecisionLine,
    t: Target,
    as_of: NaiveDate,
) -> Applied {
    let (person_ref, was) = match t {
        Target::Used(pi, ci, ki) => {
            let count = &batch.people[pi].cases[ci].counts[ki];
            let was = match (count.route, count.remedy(as_of)) {
                (Route::Challenge, _) => Asked::Challenge.to_string(),
                (_, Some(r)) => Asked::Relief(r).to_string(),
                (_, None) => Decision::Hold.to_string(),
            };
            (batch.people[pi].person_ref.clone(), was)
        }
        Target::Held(i) => (
            batch.review[batch.candidates[i].held].person_ref.clone(),
            Decision::Hold.to_string(),
        ),
    };
    Applied {
        source: decisions.file.clone(),
        line: d.line,
        court: CourtSlug::new(&forms.court(d.court).slug),
        case_number: d.case_number.to_string(),
        count: count_of(batch, t),
        person_ref,
        was,
        now: d.decision,
        reviewer: d.reviewer.clone(),
        note: d.note.clone(),
    }
}

/// Makes the decided changes: counts re-routed, held rows filed, counts excluded or held.
fn change(
    batch: &mut Batch,
    forms: &Forms,
    chosen: &BTreeMap<Target, &DecisionLine>,
    decisions: &Decisions,
) {
    let mut removed: Vec<(usize, usize, usize)> = Vec::new();
    let mut unheld: Vec<usize> = Vec::new();
    let mut filed = Vec::new();
    for (&t, d) in chosen {
        match t {
            Target::Used(pi, ci, ki) => match d.decision {
                Decision::DismissSeal
                | Decision::Redesignate
                | Decision::Resentence
                | Decision::Challenge => {
                    decide_count(&mut batch.people[pi].cases[ci].counts[ki], d);
                }
                Decision::Exclude => removed.push((pi, ci, ki)),
                Decision::Hold => {
                    let person = &batch.people[pi];
                    let case = &person.cases[ci];
                    let count = &case.counts[ki];
                    let held = Held::count(
                        &person.person_ref,
                        &forms.court(case.court).slug,
                        case,
                        count,
                        format!("held by a decision ({} line {})", decisions.file, d.line),
                    );
                    batch.review.push(held);
                    batch.rows.rows_used -= 1;
                    batch.rows.rows_held += 1;
                    removed.push((pi, ci, ki));
                }
            },
            Target::Held(i) => match d.decision {
                Decision::Hold => {}
                Decision::Exclude => {
                    unheld.push(batch.candidates[i].held);
                }
                Decision::DismissSeal
                | Decision::Redesignate
                | Decision::Resentence
                | Decision::Challenge => {
                    unheld.push(batch.candidates[i].held);
                    filed.push((i, *d));
                }
            },
        }
    }
    // A held row decided is used, not held, whether it is filed or excluded.
    batch.rows.rows_held -= unheld.len() as u64;
    batch.rows.rows_used += unheld.len() as u64;

    removed.sort_unstable();
    for &(pi, ci, ki) in removed.iter().rev() {
        batch.people[pi].cases[ci].counts.remove(ki);
    }
    for (i, d) in filed {
        let mut c = batch.candidates[i].clone();
        decide_count(&mut c.count, d);
        file_held(batch, forms, c);
    }
    for p in &mut batch.people {
        p.cases.retain(|c| !c.counts.is_empty());
    }
    batch.people.retain(|p| !p.cases.is_empty());
    unheld.sort_unstable();
    let mut i = 0;
    batch.review.retain(|_| {
        let keep = unheld.binary_search(&i).is_err();
        i += 1;
        keep
    });
    // Their places in `review` have moved, and no decision is to come.
    batch.candidates.clear();
}

/// A count decided for relief or challenge: the decision's route, and for a challenge the
/// reviewer's note as its ground.
fn decide_count(count: &mut Count, d: &DecisionLine) {
    count.decided = true;
    match d.decision.route() {
        Some(route) => count.route = route,
        None => {
            count.route = Route::Challenge;
            count.reason = d.note.clone();
        }
    }
}

/// A held row, decided, joins its person's case (both made if need be).
fn file_held(batch: &mut Batch, forms: &Forms, c: validate::Candidate) {
    let person_ref = PersonRef::of_subject(&c.subject_id);
    let at = match batch
        .people
        .binary_search_by(|p| p.person_ref.cmp(&person_ref))
    {
        Ok(at) => at,
        Err(at) => {
            batch
                .people
                .insert(at, validate::new_person(&c.subject_id, &c.name));
            at
        }
    };
    let person = &mut batch.people[at];
    validate::merge_person(person, &c.name, &c.cii, c.dob, c.deceased);
    let case = match person
        .cases
        .iter()
        .position(|k| k.court == c.court && k.key == c.key)
    {
        Some(k) => &mut person.cases[k],
        None => {
            person
                .cases
                .push(validate::new_case(c.court, &c.key, c.name.clone()));
            let last = person.cases.len() - 1;
            &mut person.cases[last]
        }
    };
    validate::add_numbers(&mut case.numbers.0, c.numbers);
    case.counts.push(c.count);
    validate::sort_cases(person, forms);
}
