//! How much one person or one address may sign in: successful sign-ins per hour, and
//! sessions kept at once per person (`crate::auth::sign_in_rate`,
//! `crate::auth::person_sessions`). Failed sign-ins have their own fixed limits
//! (`crate::auth::limiter`).

use super::layer::layered;

layered! {
    /// The `[sign_in_limits]` settings.
    #[command(next_help_heading = "Sign-in limits")]
    pub struct SignInLimitArgs => SignInLimits {
        /// Sessions kept at once for one person (a key id or user name; with the team
        /// password, everyone behind one address); a further sign-in ends their oldest,
        /// so nobody's sign-ins push out anyone else's session.
        #[arg(env = "RUNBOARD_SESSION_MAX_PER_PERSON", long, value_name = "N")]
        session_max_per_person: usize = 100; min 1,
        /// Successful sign-ins per person per hour; more are refused (429) until the
        /// hour's count allows again.
        #[arg(env = "RUNBOARD_SIGN_INS_PER_PERSON_PER_HOUR", long, value_name = "N")]
        sign_ins_per_person_per_hour: u32 = 60; min 1,
        /// Successful sign-ins per client address per hour (an office behind one address
        /// signing in at the start of the day).
        #[arg(env = "RUNBOARD_SIGN_INS_PER_ADDRESS_PER_HOUR", long, value_name = "N")]
        sign_ins_per_address_per_hour: u32 = 600; min 1,
    }
}
