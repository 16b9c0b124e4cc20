//! How much one person or one address may sign in: successful sign-ins per hour, and
//! sessions kept at once per person (`crate::auth::sign_in_rate`,
//! `crate::auth::person_sessions`). Failed sign-ins have their own fixed limits
//! (`crate::auth::limiter`).

use clap::Args;
use serde::Deserialize;

use super::ConfigError;

/// A person's sessions at once when not configured: a browser each on a few machines,
/// with room for scripts.
pub const DEFAULT_SESSIONS_PER_PERSON: usize = 100;
/// Successful sign-ins per person per hour when not configured: far more than anyone
/// signs in by hand.
pub const DEFAULT_SIGN_INS_PER_PERSON: u32 = 60;
/// Successful sign-ins per client address per hour when not configured: an office
/// behind one address signing in at the start of the day.
pub const DEFAULT_SIGN_INS_PER_ADDRESS: u32 = 600;

/// The sign-in limit flags and variables (`runboard --help`).
#[derive(Debug, Default, Clone, Args)]
pub struct SignInLimitArgs {
    /// Sessions kept at once for one person (a key id or user name; with the team
    /// password, everyone behind one address); a further sign-in ends their oldest,
    /// so nobody's sign-ins push out anyone else's session [default: 100].
    #[arg(
        long,
        env = "RUNBOARD_SESSION_MAX_PER_PERSON",
        value_name = "N",
        global = true
    )]
    pub session_max_per_person: Option<usize>,

    /// Successful sign-ins per person per hour; more are refused (429) until the
    /// hour's count allows again [default: 60].
    #[arg(
        long,
        env = "RUNBOARD_SIGN_INS_PER_PERSON_PER_HOUR",
        value_name = "N",
        global = true
    )]
    pub sign_ins_per_person_per_hour: Option<u32>,

    /// Successful sign-ins per client address per hour [default: 600].
    #[arg(
        long,
        env = "RUNBOARD_SIGN_INS_PER_ADDRESS_PER_HOUR",
        value_name = "N",
        global = true
    )]
    pub sign_ins_per_address_per_hour: Option<u32>,
}

/// The `[sign_in_limits]` table of the settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInLimitFileConfig {
    pub session_max_per_person: Option<usize>,
    pub sign_ins_per_person_per_hour: Option<u32>,
    pub sign_ins_per_address_per_hour: Option<u32>,
}

/// Resolved sign-in limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInLimits {
    pub sessions_per_person: usize,
    pub per_person_per_hour: u32,
    pub per_address_per_hour: u32,
}

/// Merges the sign-in limit layers.
pub fn resolve_sign_in_limits(
    args: &SignInLimitArgs,
    file: SignInLimitFileConfig,
) -> Result<SignInLimits, ConfigError> {
    let limits = SignInLimits {
        sessions_per_person: args
            .session_max_per_person
            .or(file.session_max_per_person)
            .unwrap_or(DEFAULT_SESSIONS_PER_PERSON),
        per_person_per_hour: args
            .sign_ins_per_person_per_hour
            .or(file.sign_ins_per_person_per_hour)
            .unwrap_or(DEFAULT_SIGN_INS_PER_PERSON),
        per_address_per_hour: args
            .sign_ins_per_address_per_hour
            .or(file.sign_ins_per_address_per_hour)
            .unwrap_or(DEFAULT_SIGN_INS_PER_ADDRESS),
    };
    for (name, value) in [
        (
            "RUNBOARD_SESSION_MAX_PER_PERSON",
            limits.sessions_per_person,
        ),
        (
            "RUNBOARD_SIGN_INS_PER_PERSON_PER_HOUR",
            limits.per_person_per_hour as usize,
        ),
        (
            "RUNBOARD_SIGN_INS_PER_ADDRESS_PER_HOUR",
            limits.per_address_per_hour as usize,
        ),
    ] {
        if value == 0 {
            return Err(ConfigError::BadSignInLimits(format!(
                "{name} must be at least 1"
            )));
        }
    }
    Ok(limits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_then_the_file_then_flags_and_zero_is_refused() {
        let defaults =
            resolve_sign_in_limits(&SignInLimitArgs::default(), Default::default()).unwrap();
        assert_eq!(
            defaults,
            SignInLimits {
                sessions_per_person: 100,
                per_person_per_hour: 60,
                per_address_per_hour: 600,
            }
        );
        let file: SignInLimitFileConfig =
            toml::from_str("session_max_per_person = 5\nsign_ins_per_person_per_hour = 9").unwrap();
        let args = SignInLimitArgs {
            sign_ins_per_person_per_hour: Some(3),
            ..Default::default()
        };
        let limits = resolve_sign_in_limits(&args, file).unwrap();
        assert_eq!(
            (limits.sessions_per_person, limits.per_person_per_hour),
            (5, 3)
        );
        let zero = SignInLimitArgs {
            sign_ins_per_address_per_hour: Some(0),
            ..Default::default()
        };
        let err = resolve_sign_in_limits(&zero, Default::default()).unwrap_err();
        assert!(
            err.to_string()
                .contains("RUNBOARD_SIGN_INS_PER_ADDRESS_PER_HOUR"),
            "{err}"
        );
    }
}
