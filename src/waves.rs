//! Filing in waves: the ledger of what each run filed (`filed.csv`), and for a later run
//! (`render --previous DIR`) the choice of what is left to file — counts the ledger does not
//! have, and counts whose relief changed. Nothing filed is filed again, except that a case whose
//! relief changed is filed anew as an amended paper listing all its relief.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::input::{Config, Filing, Forms, Previous};
use crate::model::{
    Asked, CaseNumbers, Count, CourtSlug, Filed, Kind, Person, PersonRef, Route, Supplemental, Wave,
};
use crate::plan::Job;

/// What a count asks of the court in this run, if anything: the relief of its petition, or the
/// challenge of the notice of challenged cases.
pub fn asked(count: &Count, as_of: NaiveDate) -> Option<Asked> {
    if count.route == Route::Challenge {
        return Some(Asked::Challenge);
    }
    count.remedy(as_of).map(Asked::Relief)
}

/// A later wave's choice of what to file.
#[derive(Debug, Default)]
pub struct Selection {
    pub supplemental: Supplemental,
    /// Counts of the input filed before as they are now: not filed again.
    pub already_filed: usize,
}

/// Keeps of `people` what is left to file after `previous`: in each case, its counts not yet
/// filed or filed with other relief; for a case whose relief changed, all its relief counts, the
/// case marked amended when relief was asked in it before.
pub fn select(
    people: &mut Vec<Person>,
    previous: &Previous,
    forms: &Forms,
    as_of: NaiveDate,
) -> Selection {
    // The ledger by case: each filed count's number and what was asked on it.
    let mut before: HashMap<(CourtSlug, PersonRef, String), BTreeMap<usize, Asked>> =
        HashMap::new();
    for f in &previous.ledger {
        let (court, person, case, n) = f.key();
        before
            .entry((court, person, case))
            .or_default()
            .insert(n, f.relief);
    }
    let none = BTreeMap::new();
    let mut already_filed = 0;
    for person in people.iter_mut() {
        for case in &mut person.cases {
            let slug = CourtSlug::new(&forms.court(case.court).slug);
            let key = (slug, person.person_ref.clone(), case.numbers.stem());
            let was = before.get(&key).unwrap_or(&none);
            let now: Vec<Option<Asked>> = case.counts.iter().map(|c| asked(c, as_of)).collect();
            let is_relief = |a: Option<&Asked>| matches!(a, Some(Asked::Relief(_)));
            // Relief changed: a count with relief not filed so, or relief filed that is gone.
            let relief_changed = case
                .counts
                .iter()
                .zip(&now)
                .any(|(c, a)| is_relief(a.as_ref()) && was.get(&c.n) != a.as_ref())
                || was.iter().any(|(n, a)| {
                    is_relief(Some(a))
                        && !case
                            .counts
                            .iter()
                            .zip(&now)
                            .any(|(c, now)| c.n == *n && now.as_ref() == Some(a))
                });
            case.amended = relief_changed && was.values().any(|a| is_relief(Some(a)));
            let keep: Vec<bool> = case
                .counts
                .iter()
                .zip(&now)
                .map(|(c, a)| match a {
                    Some(Asked::Relief(_)) => relief_changed,
                    Some(Asked::Challenge) => was.get(&c.n) != Some(&Asked::Challenge),
                    None => false,
                })
                .collect();
            already_filed += keep
                .iter()
                .zip(&now)
                .filter(|(k, a)| !**k && a.is_some())
                .count();
            let mut keep = keep.into_iter();
            case.counts.retain(|_| keep.next().unwrap_or(false));
        }
        person.cases.retain(|c| !c.counts.is_empty());
    }
    people.retain(|p| !p.cases.is_empty());

    // Each court filed in before, with its latest filing.
    let mut earlier: BTreeMap<CourtSlug, Wave> = BTreeMap::new();
    for f in &previous.ledger {
        let wave = previous
            .waves
            .iter()
            .find(|w| w.wave == f.wave)
            .cloned()
            .unwrap_or_else(|| Wave {
                wave: f.wave,
                run_key: f.run_key.clone(),
                as_of: previous.as_of,
            });
        let e = earlier
            .entry(f.court.clone())
            .or_insert_with(|| wave.clone());
        if wave.wave > e.wave {
            *e = wave;
        }
    }
    Selection {
        supplemental: Supplemental {
            wave: previous.wave() + 1,
            earlier,
        },
        already_filed,
    }
}

/// The ledger rows of this run: every count its documents ask something on, with the document.
pub fn filed(
    people: &[Person],
    forms: &Forms,
    config: &Config,
    jobs: &[Job],
    as_of: NaiveDate,
    wave: u32,
    run_key: &str,
) -> Vec<Filed> {
    let none = CaseNumbers::default();
    let mut documents: HashMap<(Kind, &str, Option<&PersonRef>, &CaseNumbers), &str> =
        HashMap::new();
    for j in jobs {
        if let (Kind::Petition | Kind::OmnibusMotion | Kind::NoticeChallenged, Some(court)) =
            (j.doc.kind, &j.doc.court)
        {
            let (person, numbers) = match j.doc.kind {
                Kind::Petition => (j.doc.person_ref.as_ref(), &j.doc.case_numbers),
                _ => (None, &none),
            };
            documents
                .entry((j.doc.kind, court.as_str(), person, numbers))
                .or_insert(&j.doc.path);
        }
    }
    let mut rows = Vec::new();
    for p in people {
        for case in &p.cases {
            let slug = forms.court(case.court).slug.as_str();
            let omnibus = config.filing(slug) == Filing::Omnibus;
            for c in &case.counts {
                let Some(relief) = asked(c, as_of) else {
                    continue;
                };
                let key = match relief {
                    Asked::Challenge => (Kind::NoticeChallenged, slug, None, &none),
                    Asked::Relief(_) if omnibus => (Kind::OmnibusMotion, slug, None, &none),
                    Asked::Relief(_) => (Kind::Petition, slug, Some(&p.person_ref), &case.numbers),
                };
                let Some(document) = documents.get(&key) else {
                    continue;
                };
                rows.push(Filed {
                    court: CourtSlug::new(slug),
                    case_number: case.numbers.clone(),
                    count: c.n,
                    person_ref: p.person_ref.clone(),
                    relief,
                    document: document.to_string(),
                    wave,
                    run_key: run_key.to_string(),
                });
            }
        }
    }
    rows
}

/// Everything filed so far: the earlier ledger with this run's rows over it, by court, case,
/// person and count.
pub fn carry(earlier: &[Filed], this: Vec<Filed>) -> Vec<Filed> {
    let mut all: BTreeMap<(CourtSlug, String, PersonRef, usize), Filed> = BTreeMap::new();
    for f in earlier.iter().cloned().chain(this) {
        let (court, person, case, n) = f.key();
        all.insert((court, case, person, n), f);
    }
    all.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CaseNumber, Remedy};

    fn row(case: &str, n: usize, relief: Asked, wave: u32) -> Filed {
        Filed {
            court: CourtSlug::new("fresno"),
            case_number: CaseNumbers(CaseNumber::parse_list(case)),
            count: n,
            person_ref: PersonRef::of_subject("1"),
            relief,
            document: String::new(),
            wave,
            run_key: format!("k{wave}"),
        }
    }

    #[test]
    fn a_later_row_replaces_the_earlier_one_of_its_count() {
        let dismiss = Asked::Relief(Remedy::DismissSeal);
        let all = carry(
            &[row("F2", 1, dismiss, 1), row("F1", 1, dismiss, 1)],
            vec![row("F2", 1, Asked::Challenge, 2), row("F2", 2, dismiss, 2)],
        );
        let got: Vec<(String, usize, Asked, u32)> = all
            .iter()
            .map(|f| (f.case_number.to_string(), f.count, f.relief, f.wave))
            .collect();
        assert_eq!(
            got,
            [
                ("F1".into(), 1, dismiss, 1),
                ("F2".into(), 1, Asked::Challenge, 2),
                ("F2".into(), 2, dismiss, 2)
            ]
        );
    }
}
