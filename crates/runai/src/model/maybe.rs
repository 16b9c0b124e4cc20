//! A field that is both optional and `nullable` in the spec.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value that may be absent, explicitly `null`, or present. Use it with
/// `#[serde(default, skip_serializing_if = "Maybe::is_absent")]` so that a decoded
/// response re-encodes to the same JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Maybe<T> {
    /// The key was not in the object.
    #[default]
    Absent,
    /// The key was there with `null`.
    Null,
    /// The key was there with a value.
    Value(T),
}

impl<T> Maybe<T> {
    /// Whether the key was left out (serde's `skip_serializing_if`).
    pub fn is_absent(&self) -> bool {
        matches!(self, Maybe::Absent)
    }

    /// The value, treating absent and `null` alike.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Maybe::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, treating absent and `null` alike.
    pub fn into_option(self) -> Option<T> {
        match self {
            Maybe::Value(value) => Some(value),
            _ => None,
        }
    }
}

impl<T: Copy> Maybe<T> {
    /// The value, treating absent and `null` alike.
    pub fn get(&self) -> Option<T> {
        self.as_ref().copied()
    }
}

impl<T> From<Option<T>> for Maybe<T> {
    /// `None` becomes `null` (present but empty).
    fn from(value: Option<T>) -> Self {
        value.map_or(Maybe::Null, Maybe::Value)
    }
}

impl<T: Serialize> Serialize for Maybe<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Maybe::Value(value) => serializer.serialize_some(value),
            Maybe::Absent | Maybe::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Maybe<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}
