//! One `filterBy` item: `field op value`, e.g. `phase==Running`, `allocatedGPU>=2`.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{FieldKind, FilterError, FilterField, FilterOp};
use crate::model::Timestamp;

/// A valid `filterBy` item. It can only be built through [`Filter::new`] or parsing,
/// so holding one means it will be accepted by the spec's grammar and types.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Filter {
    field: FilterField,
    op: FilterOp,
    value: String,
}

impl Filter {
    /// Builds a filter, checking the value against the field's kind.
    pub fn new(
        field: FilterField,
        op: FilterOp,
        value: impl Into<String>,
    ) -> Result<Self, FilterError> {
        let value = value.into();
        if value.is_empty() {
            return Err(FilterError::EmptyValue { field, op });
        }
        if value.contains(',') {
            return Err(FilterError::Comma);
        }
        match field.kind() {
            FieldKind::Text => {}
            FieldKind::Uuid => {
                if matches!(op, FilterOp::Eq | FilterOp::Ne)
                    && uuid::Uuid::parse_str(&value).is_err()
                {
                    return Err(FilterError::NotAUuid { field, op, value });
                }
            }
            FieldKind::Number => {
                if !value.parse::<f64>().is_ok_and(f64::is_finite) {
                    return Err(FilterError::NotANumber { field, value });
                }
            }
            FieldKind::Date => {
                if !field.operators().contains(&op) {
                    return Err(FilterError::DateOperator { field, op });
                }
                if Timestamp::parse(&value).is_err() {
                    return Err(FilterError::NotADate { field, value });
                }
            }
        }
        Ok(Self { field, op, value })
    }

    /// The field tested.
    pub fn field(&self) -> FilterField {
        self.field
    }

    /// The operator.
    pub fn op(&self) -> FilterOp {
        self.op
    }

    /// The value, as given.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl FromStr for Filter {
    type Err = FilterError;

    /// Parses `^(field)(==|!=|<=|>=|=@|!@|=^|=$)value$`.
    fn from_str(text: &str) -> Result<Self, FilterError> {
        if text.is_empty() {
            return Err(FilterError::Empty);
        }
        // The field is the name directly followed by an operator; trying longer names
        // first is not needed (no field name followed by an operator prefixes another),
        // but an operator must follow immediately.
        for &field in FilterField::ALL {
            let Some(rest) = text.strip_prefix(field.as_str()) else {
                continue;
            };
            if let Some(&op) = FilterOp::ALL
                .iter()
                .find(|op| rest.starts_with(op.as_str()))
            {
                return Filter::new(field, op, &rest[op.as_str().len()..]);
            }
        }
        let first_operator = FilterOp::ALL
            .iter()
            .filter_map(|op| text.find(op.as_str()))
            .min();
        Err(match first_operator {
            Some(0) => FilterError::MissingField,
            Some(at) => match FilterField::known(&text[..at]) {
                Some(_) => FilterError::MissingOperator,
                None => FilterError::UnknownField(text[..at].to_owned()),
            },
            None => FilterError::MissingOperator,
        })
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.field, self.op, self.value)
    }
}

impl Serialize for Filter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Filter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid value for each kind of field.
    fn sample_value(field: FilterField) -> &'static str {
        match field.kind() {
            FieldKind::Text => "Run ning/é",
            FieldKind::Uuid => "0b7c7a52-1111-4222-8333-944455556666",
            FieldKind::Number => "2.5",
            FieldKind::Date => "2026-11-27T05:00:00Z",
        }
    }

    #[test]
    fn there_are_26_fields_and_8_operators() {
        assert_eq!(FilterField::ALL.len(), 26);
        assert_eq!(FilterOp::ALL.len(), 8);
    }

    #[test]
    fn every_field_and_operator_round_trips_or_is_refused_for_dates() {
        let mut accepted = 0;
        for &field in FilterField::ALL {
            for &op in FilterOp::ALL {
                let text = format!("{field}{op}{}", sample_value(field));
                match text.parse::<Filter>() {
                    Ok(filter) => {
                        assert_eq!((filter.field(), filter.op()), (field, op), "{text}");
                        assert_eq!(filter.value(), sample_value(field));
                        assert_eq!(filter.to_string(), text, "display round-trips");
                        accepted += 1;
                    }
                    Err(FilterError::DateOperator { .. }) => {
                        assert_eq!(field.kind(), FieldKind::Date, "{text}");
                        assert!(!field.operators().contains(&op));
                    }
                    Err(err) => panic!("{text}: {err}"),
                }
            }
        }
        // 21 non-date fields × 8 operators + 5 date fields × 4 operators.
        assert_eq!(accepted, 21 * 8 + 5 * 4);
    }

    #[test]
    fn values_may_contain_operator_characters() {
        let filter: Filter = "name==a==b=@c".parse().unwrap();
        assert_eq!(filter.value(), "a==b=@c");
        let filter: Filter = "phaseUpdatedAt>=2026-11-27T05:00:00+02:00".parse().unwrap();
        assert_eq!(filter.field(), FilterField::PhaseUpdatedAt);
    }

    #[test]
    fn every_refusal_says_why() {
        let cases: &[(&str, FilterError)] = &[
            ("", FilterError::Empty),
            ("colour==red", FilterError::UnknownField("colour".into())),
            ("==Running", FilterError::MissingField),
            ("phase=Running", FilterError::MissingOperator),
            ("phase", FilterError::MissingOperator),
            (
                "phase==",
                FilterError::EmptyValue {
                    field: FilterField::Phase,
                    op: FilterOp::Eq,
                },
            ),
            (
                "createdAt=@2026",
                FilterError::DateOperator {
                    field: FilterField::CreatedAt,
                    op: FilterOp::Contains,
                },
            ),
            (
                "completedAt>=yesterday",
                FilterError::NotADate {
                    field: FilterField::CompletedAt,
                    value: "yesterday".into(),
                },
            ),
            (
                "allocatedGPU>=two",
                FilterError::NotANumber {
                    field: FilterField::AllocatedGpu,
                    value: "two".into(),
                },
            ),
            (
                "priority==NaN",
                FilterError::NotANumber {
                    field: FilterField::Priority,
                    value: "NaN".into(),
                },
            ),
            (
                "clusterId==abc",
                FilterError::NotAUuid {
                    field: FilterField::ClusterId,
                    op: FilterOp::Eq,
                    value: "abc".into(),
                },
            ),
            ("name==a,b", FilterError::Comma),
        ];
        for (text, expected) in cases {
            assert_eq!(&text.parse::<Filter>().unwrap_err(), expected, "{text:?}");
            assert!(!expected.to_string().is_empty());
        }
        assert!(
            "clusterId=@0b7c".parse::<Filter>().is_ok(),
            "a part of a UUID may be searched"
        );
    }

    #[test]
    fn serde_uses_the_wire_text() {
        let filter: Filter = "allocatedGPU>=2".parse().unwrap();
        assert_eq!(
            serde_json::to_string(&filter).unwrap(),
            "\"allocatedGPU>=2\""
        );
        assert!(serde_json::from_str::<Filter>("\"bogus==1\"").is_err());
    }
}
