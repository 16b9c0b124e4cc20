//! The connection cap against the process's file limit: each connection is a file, and
//! a server out of files cannot even accept a probe. The soft limit is raised to the
//! hard one when the cap needs it (as Go's runtime and most servers do), and the cap is
//! lowered, with a warning, when even that leaves too few.

/// Files kept free for what is not a client connection: the ledger's database, Redis,
/// the connections to Run:ai, the site's files, the log.
pub const RESERVED_FILES: u64 = 128;

/// `wanted` connections, or fewer when the process may not open that many files (after
/// raising its soft limit to the hard one if needed); never below 16.
pub fn connections_within_file_limit(wanted: usize) -> usize {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
        let limit = getrlimit(Resource::Nofile);
        let needed = wanted as u64 + RESERVED_FILES;
        let mut current = limit.current;
        if current.is_some_and(|soft| soft < needed) {
            let raised = limit.maximum.map_or(needed, |hard| hard.min(needed));
            let new = Rlimit {
                current: Some(raised),
                maximum: limit.maximum,
            };
            if setrlimit(Resource::Nofile, new).is_ok() {
                current = Some(raised);
            }
        }
        fit(wanted, current)
    }
    #[cfg(not(unix))]
    {
        wanted
    }
}

/// `wanted` connections within a soft file limit (`None`: unlimited).
fn fit(wanted: usize, soft_limit: Option<u64>) -> usize {
    let Some(soft) = soft_limit else {
        return wanted;
    };
    let room = usize::try_from(soft.saturating_sub(RESERVED_FILES)).unwrap_or(usize::MAX);
    if room >= wanted {
        return wanted;
    }
    let fitted = room.max(16);
    tracing::warn!(
        "the process may open {soft} files: at most {fitted} connections at once instead of \
         {wanted} (RUNBOARD_MAX_CONNECTIONS); raise the file limit (ulimit -n) to allow more"
    );
    fitted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_room_for_the_servers_own_files() {
        assert_eq!(fit(4096, None), 4096);
        assert_eq!(fit(4096, Some(1_048_576)), 4096);
        assert_eq!(fit(4096, Some(1024)), 1024 - 128);
        assert_eq!(fit(4096, Some(256)), 128);
        assert_eq!(fit(4096, Some(100)), 16, "never below 16");
    }

    #[test]
    fn the_limit_is_raised_as_far_as_needed() {
        let cap = connections_within_file_limit(512);
        assert!((16..=512).contains(&cap), "{cap}");
    }
}
