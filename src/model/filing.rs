//! What is asked of the court on a count, what a reviewer decided about it, and what a run filed:
//! the values of `decisions.csv` and of the ledger, `filed.csv`.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::de::IntoDeserializer;
use serde::{Deserialize, Serialize};

use super::{CaseNumbers, CourtSlug, PersonRef, Remedy, Route};

impl fmt::Display for Remedy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => f.write_str(&s),
            _ => Err(fmt::Error),
        }
    }
}

/// A relief by its name in `forms/papers.toml` (`dismiss-seal`): every variant, by its serde name.
impl std::str::FromStr for Remedy {
    type Err = ();

    fn from_str(text: &str) -> Result<Remedy, ()> {
        Remedy::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(text))
            .map_err(|_| ())
    }
}

/// What the People ask of the court on one count: a relief, or a challenge to relief.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Asked {
    Relief(Remedy),
    Challenge,
}

impl fmt::Display for Asked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Asked::Relief(r) => r.fmt(f),
            Asked::Challenge => f.write_str("challenge"),
        }
    }
}

impl std::str::FromStr for Asked {
    type Err = ();

    fn from_str(text: &str) -> Result<Asked, ()> {
        match text {
            "challenge" => Ok(Asked::Challenge),
            _ => text.parse().map(Asked::Relief),
        }
    }
}

/// A reviewer's decision on a count (`decision` in a decisions file). A decided relief says which
/// way: dismissal, or a lower level. Whether the sentence is still being served on the run's
/// as-of date decides the rest (dismiss and seal or recall and dismiss; redesignate or resentence),
/// as for every count: `resentence` of a completed sentence is a redesignation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    DismissSeal,
    Redesignate,
    Resentence,
    /// Challenge relief, on the ground in the decision's note.
    Challenge,
    /// File nothing on it.
    Exclude,
    /// Leave it (or put it) in `review.csv`.
    Hold,
}

impl Decision {
    /// The values a decisions file may hold, as written.
    pub const NAMES: [&str; 6] = [
        "dismiss-seal",
        "redesignate",
        "resentence",
        "challenge",
        "exclude",
        "hold",
    ];

    /// The route a decided relief takes; `None` for the decisions that ask for none.
    pub fn route(self) -> Option<Route> {
        match self {
            Decision::DismissSeal => Some(Route::Dismiss),
            Decision::Redesignate | Decision::Resentence => Some(Route::Reduce),
            Decision::Challenge | Decision::Exclude | Decision::Hold => None,
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Decision::DismissSeal => "dismiss-seal",
            Decision::Redesignate => "redesignate",
            Decision::Resentence => "resentence",
            Decision::Challenge => "challenge",
            Decision::Exclude => "exclude",
            Decision::Hold => "hold",
        })
    }
}

impl std::str::FromStr for Decision {
    type Err = ();

    /// One of [`Decision::NAMES`], or a relief's own name as the papers' lists write it.
    fn from_str(text: &str) -> Result<Decision, ()> {
        Ok(match text {
            "dismiss-seal" | "recall-dismiss" => Decision::DismissSeal,
            "redesignate" | "redesignate-misdemeanor" | "redesignate-infraction" => {
                Decision::Redesignate
            }
            "resentence" | "resentence-misdemeanor" | "resentence-infraction" => {
                Decision::Resentence
            }
            "challenge" => Decision::Challenge,
            "exclude" => Decision::Exclude,
            "hold" => Decision::Hold,
            _ => return Err(()),
        })
    }
}

/// Written as their names, as in the CSV files.
macro_rules! by_name {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(|()| {
                    serde::de::Error::custom(format!("unknown value `{text}`"))
                })
            }
        }
    )*};
}
by_name!(Asked, Decision);

/// One count a run filed: a row of the ledger, `filed.csv`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filed {
    pub court: CourtSlug,
    pub case_number: CaseNumbers,
    /// The count's number in its case, as on the papers.
    pub count: usize,
    pub person_ref: PersonRef,
    pub relief: Asked,
    /// The document it was filed in, relative to the output folder of the run that filed it.
    pub document: String,
    pub wave: u32,
    pub run_key: String,
}

pub const FILED_HEADER: [&str; 8] = [
    "court",
    "case_number",
    "count",
    "person_ref",
    "relief",
    "document",
    "wave",
    "run_key",
];

impl Filed {
    /// What identifies a count from one wave to the next: its court, person, case (by its first
    /// number) and number.
    pub fn key(&self) -> (CourtSlug, PersonRef, String, usize) {
        (
            self.court.clone(),
            self.person_ref.clone(),
            self.case_number.stem(),
            self.count,
        )
    }
}

/// One run that filed: a wave, with its run key and date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wave {
    pub wave: u32,
    pub run_key: String,
    #[serde(with = "ymd")]
    pub as_of: NaiveDate,
}

/// A date as `summary.json` writes it: YYYY-MM-DD.
pub mod ymd {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&d.format("%Y-%m-%d"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(d)?;
        NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(serde::de::Error::custom)
    }
}

/// A later wave, as its papers need to know it: its number, and for each court filed in before,
/// the last filing there (the one a supplemental package refers to).
#[derive(Clone, Debug, Default)]
pub struct Supplemental {
    pub wave: u32,
    pub earlier: BTreeMap<CourtSlug, Wave>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde_names() {
        for r in Remedy::ALL {
            assert_eq!(r.to_string().parse::<Remedy>(), Ok(r));
            assert_eq!(
                serde_json::to_value(r).unwrap(),
                serde_json::Value::from(r.to_string())
            );
            // A relief's own name is also a decision, of its route.
            assert!(r.to_string().parse::<Decision>().is_ok());
        }
        assert_eq!("dismiss-seal".parse(), Ok(Remedy::DismissSeal));
        for d in Decision::NAMES {
            assert_eq!(d.parse::<Decision>().unwrap().to_string(), d);
        }
        assert_eq!(
            "resentence-infraction".parse::<Decision>(),
            Ok(Decision::Resentence)
        );
        assert!("dismis".parse::<Decision>().is_err());
        assert!("Hold".parse::<Decision>().is_err());
        assert_eq!("challenge".parse(), Ok(Asked::Challenge));
        assert_eq!(
            Asked::Relief(Remedy::RedesignateInfraction).to_string(),
            "redesignate-infraction"
        );
    }
}
