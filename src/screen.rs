//! Screen: the office's own rules applied to a checked batch, before anything is planned. A count
//! the office will not file is held for review with its reason, so that every row is still
//! accounted for: a court the config has no table for, a person DOJ reports deceased (unless the
//! office files them), a challenge after the § 11361.9 review ended or without a known ground, a
//! reduction of what is already an infraction, and a case that mixes sentences still being served
//! with completed ones.

use chrono::NaiveDate;

use crate::input::{Config, Deceased, Forms, Procedure};
use crate::model::{Case, Count, Held, Level, Route};
use crate::validate::Batch;

/// Holds what the office does not file; what is left of each person is what the plan files.
pub fn screen(batch: &mut Batch, forms: &Forms, config: &Config, as_of: NaiveDate) {
    let procedure = config.procedure(as_of);
    let mut held = Vec::new();
    for person in &mut batch.people {
        let person_reason = (person.deceased && config.policy.deceased == Deceased::Hold).then(|| {
            "deceased: DOJ reports this person deceased; held for review (config [policy] deceased = \"hold\")".to_string()
        });
        let mut kept = Vec::new();
        for mut case in std::mem::take(&mut person.cases) {
            let slug = &forms.court(case.court).slug;
            // A court the office does not file in comes first: no other rule of its matters.
            let case_reason = config
                .court_office(slug)
                .is_none()
                .then(|| {
                    format!(
                        "no-office-for-court: the config has no [courts.{slug}] table, so this office does not file in this court"
                    )
                })
                .or_else(|| mixed(&case, as_of));
            // A reviewer who decided a count has seen the person's record: the deceased hold is
            // for counts no one has looked at.
            let reason = |c: &Count| {
                case_reason
                    .as_ref()
                    .map(|why| match c.decided {
                        // Said, so a reviewer does not take the decision for a filing.
                        true => format!("{why}; this count was decided (see decisions.csv), but its case is held"),
                        false => why.clone(),
                    })
                    .or_else(|| person_reason.clone().filter(|_| !c.decided))
                    .or_else(|| count_reason(c, forms, procedure))
            };
            let (keep, hold): (Vec<Count>, Vec<Count>) = std::mem::take(&mut case.counts)
                .into_iter()
                .partition(|c| reason(c).is_none());
            for count in hold {
                let why = reason(&count).unwrap_or_default();
                held.push(Held::count(
                    &person.person_ref,
                    &forms.court(case.court).slug,
                    &case,
                    &count,
                    why,
                ));
            }
            if !keep.is_empty() {
                case.counts = keep;
                kept.push(case);
            }
        }
        person.cases = kept;
    }
    batch.people.retain(|p| !p.cases.is_empty());
    batch.rows.rows_used -= held.len() as u64;
    batch.rows.rows_held += held.len() as u64;
    batch.review.extend(held);
}

/// Why one count is not filed, if it is not.
fn count_reason(count: &Count, forms: &Forms, procedure: Procedure) -> Option<String> {
    match count.route {
        Route::Reduce if count.level == Level::Infraction => {
            Some("infraction: already the lowest level, so there is nothing to redesignate".into())
        }
        Route::Challenge => {
            let ground = forms.ground_of(count);
            match (procedure, ground) {
                (Procedure::Motion, Some(ground)) => Some(format!(
                    "not-eligible: {ground}; not filed (the § 11361.9 period to challenge ended July 1, 2020)"
                )),
                (Procedure::Motion, None) | (Procedure::ReviewFrame, None) => Some(format!(
                    "not-eligible without a known ground (reason `{}`): state the ground before the case is challenged or filed",
                    count.reason
                )),
                (Procedure::ReviewFrame, Some(_)) => None,
            }
        }
        _ => None,
    }
}

/// A case with counts still being served and counts completed needs a petition and an
/// application: it is held for papers made by hand.
fn mixed(case: &Case, as_of: NaiveDate) -> Option<String> {
    let tracks: Vec<bool> = case
        .counts
        .iter()
        .filter_map(|c| c.remedy(as_of))
        .map(|r| r.serving())
        .collect();
    (tracks.contains(&true) && tracks.contains(&false)).then(|| {
        "mixed: counts still being served and counts completed in one case; make its papers by hand"
            .into()
    })
}
