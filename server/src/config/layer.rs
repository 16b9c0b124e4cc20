//! One declaration per setting. [`layered!`] turns an area's list of settings — each
//! with its doc comment (the help text), its `#[arg]` (flag, environment variable,
//! secrecy), its name (the TOML key) and its default — into:
//!
//! - the struct clap reads from flags and the environment and serde reads from the
//!   TOML file, every field optional, so "not given here" lets a lower layer decide;
//! - [`Layer::over`], which stacks two layers (a secret and its `_FILE` count as one
//!   setting: the upper layer giving either hides both of the lower);
//! - [`Layer::values`], the area checked against each setting's declared bounds
//!   (`; min 1`, `; max 86_400`) and with its defaults filled in;
//! - the defaults and the file keys that `--help` shows.
//!
//! Clap's own `env` support reads the environment and serde the file, rather than a
//! layering library (figment, config): they would need the settings — secrets included
//! — to be serializable, and clap already writes `--help` from the same declaration.

use std::{fmt, net::SocketAddr, path::PathBuf, str::FromStr};

use runai::client::TokenApi;
use serde::{Deserialize, Deserializer};

/// An area of settings as one layer (flags and environment, or the file) gives it.
pub trait Layer: Default {
    /// The area with its defaults filled in.
    type Values;
    /// `self` over `lower`: each setting from the first of the two that gives it.
    fn over(self, lower: Self) -> Self;
    /// Checks each given setting against its declared bounds and fills in the defaults
    /// of settings no layer gave.
    fn values(self) -> Result<Self::Values, super::ConfigError>;
    /// Appends (argument id, the default `--help` shows) for each defaulted setting.
    fn defaults(out: &mut Vec<(&'static str, String)>);
    /// Appends the area's file keys as `table` (or top-level) lines.
    fn file_keys(table: Option<&'static str>, out: &mut Vec<String>);
}

/// Refuses a given `value` that is not `allowed` (NaN never is), naming the setting
/// `env` and its bound (`at least`, `at most` `limit`).
pub fn bound<T: Copy>(
    env: &'static str,
    value: Option<T>,
    allowed: impl Fn(T) -> bool,
    relation: &str,
    limit: impl fmt::Display,
) -> Result<(), super::ConfigError> {
    match value {
        Some(value) if !allowed(value) => Err(super::ConfigError::Invalid(format!(
            "{env} must be {relation} {limit}"
        ))),
        _ => Ok(()),
    }
}

/// A default as `--help` and README show it.
pub trait ShownDefault {
    /// The text shown after `[default: `.
    fn shown(&self) -> String;
}

macro_rules! shown_by_display {
    ($($ty:ty),*) => {$(
        impl ShownDefault for $ty {
            fn shown(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
shown_by_display!(
    u32, u64, i64, usize, f64, bool, String, SocketAddr, TokenApi
);

impl ShownDefault for PathBuf {
    fn shown(&self) -> String {
        self.display().to_string()
    }
}

/// Shows a [`clap::ValueEnum`] default by its word (`text`, `on`).
macro_rules! shown_by_word {
    ($($ty:ty),*) => {$(
        impl $crate::config::layer::ShownDefault for $ty {
            fn shown(&self) -> String {
                clap::ValueEnum::to_possible_value(self)
                    .map_or_else(String::new, |value| value.get_name().to_owned())
            }
        }
    )*};
}
pub(crate) use shown_by_word;

/// Declares one area of settings; see the module's documentation.
macro_rules! layered {
    (@ty $ty:ty, $default:expr) => { $ty };
    (@ty $ty:ty) => { Option<$ty> };
    (@value $given:expr, $default:expr) => { $given.unwrap_or_else(|| $default) };
    (@value $given:expr) => { $given };
    (
        $(#[$meta:meta])*
        pub struct $name:ident => $values:ident {
            $(
                $(#[doc = $doc:literal])*
                #[arg(env = $env:literal, $($arg:tt)*)]
                $field:ident : $ty:ty $(= $default:expr)? $(; min $min:literal)? $(; max $max:literal)?
            ),* $(,)?
        }
        $(areas {
            $($(#[doc = $area_doc:literal])* $area:ident : $area_ty:ty),* $(,)?
        })?
        $(secrets { $($secret:ident / $secret_file:ident),* $(,)? })?
    ) => {
        #[derive(Debug, Default, Clone, clap::Args, serde::Deserialize)]
        $(#[$meta])*
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            $(
                $(#[doc = $doc])*
                #[arg(env = $env, $($arg)*, global = true)]
                pub $field: Option<$ty>,
            )*
            $($(
                $(#[doc = $area_doc])*
                #[command(flatten)]
                pub $area: $area_ty,
            )*)?
        }

        #[doc = concat!("[`", stringify!($name), "`] with its defaults filled in.")]
        #[derive(Debug, Clone)]
        pub struct $values {
            $(
                $(#[doc = $doc])*
                pub $field: layered!(@ty $ty $(, $default)?),
            )*
            $($(
                $(#[doc = $area_doc])*
                pub $area: <$area_ty as $crate::config::layer::Layer>::Values,
            )*)?
        }

        impl $crate::config::layer::Layer for $name {
            type Values = $values;

            fn over(self, lower: Self) -> Self {
                #[allow(unused_mut)]
                let mut lower = lower;
                $($(
                    if self.$secret.is_some() || self.$secret_file.is_some() {
                        lower.$secret = None;
                        lower.$secret_file = None;
                    }
                )*)?
                Self {
                    $($field: self.$field.or(lower.$field),)*
                    $($($area: self.$area.over(lower.$area),)*)?
                }
            }

            fn values(self) -> Result<$values, $crate::config::ConfigError> {
                $(
                    $($crate::config::layer::bound($env, self.$field, |v: $ty| v >= $min, "at least", $min)?;)?
                    $($crate::config::layer::bound($env, self.$field, |v: $ty| v <= $max, "at most", $max)?;)?
                )*
                Ok($values {
                    $($field: layered!(@value self.$field $(, $default)?),)*
                    $($($area: self.$area.values()?,)*)?
                })
            }

            fn defaults(out: &mut Vec<(&'static str, String)>) {
                #[allow(unused_imports)]
                use $crate::config::layer::ShownDefault as _;
                $($(
                    let default: $ty = $default;
                    out.push((stringify!($field), default.shown()));
                )?)*
                $($(<$area_ty as $crate::config::layer::Layer>::defaults(out);)*)?
            }

            fn file_keys(table: Option<&'static str>, out: &mut Vec<String>) {
                let keys = [$(stringify!($field)),*].join(" ");
                match table {
                    Some(table) => out.push(format!("[{table}] {keys}")),
                    None => out.push(keys),
                }
                $($(<$area_ty as $crate::config::layer::Layer>::file_keys(
                    Some(stringify!($area)), out,
                );)*)?
            }
        }
    };
}
pub(crate) use layered;

/// A comma-separated list on the command line or in the environment, a list or a
/// comma-separated string in the file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct List(pub Vec<String>);

impl FromStr for List {
    type Err = std::convert::Infallible;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self(
            text.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(str::to_owned)
                .collect(),
        ))
    }
}

impl From<&str> for List {
    fn from(text: &str) -> Self {
        text.parse().unwrap_or_default()
    }
}

impl<'de> Deserialize<'de> for List {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Given {
            Items(Vec<String>),
            Text(String),
        }
        Ok(match Given::deserialize(deserializer)? {
            Given::Items(items) => Self(items),
            Given::Text(text) => text.parse().unwrap_or_default(),
        })
    }
}

impl fmt::Display for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(","))
    }
}
