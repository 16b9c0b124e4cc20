//! One colour per workload status, the same on every chart, and always beside the
//! status's name (a legend entry, a tooltip), never the only way a status is told.

/// What went well and what failed, wherever a chart shows outcomes.
pub const SUCCEEDED: &str = "#3f9a3a";
/// See [`SUCCEEDED`].
pub const FAILED: &str = "#c62828";

/// The colour a chart draws status `phase` (Run:ai's word) in; `None` for a word that
/// is not a status, which keeps the chart's own palette.
pub fn status_colour(phase: &str) -> Option<&'static str> {
    Some(match phase {
        "Running" => SUCCEEDED,
        "Pending" => "#d4a017",
        "Creating" | "Initializing" | "Resuming" | "Updating" => "#4a90d9",
        "Degraded" => "#e07b00",
        "Failed" => FAILED,
        "Completed" => "#8a8f98",
        "Stopped" | "Stopping" | "Deleting" | "Terminating" => "#6d5fb3",
        "Unknown" => "#b0b4ba",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_its_own_colour_where_they_mean_different_things() {
        let phases = runai::model::Phase::KNOWN;
        assert!(phases.iter().all(|p| status_colour(p.as_str()).is_some()));
        for (a, b) in [
            ("Running", "Failed"),
            ("Pending", "Degraded"),
            ("Completed", "Failed"),
        ] {
            assert_ne!(status_colour(a), status_colour(b), "{a} and {b}");
        }
        assert_eq!(status_colour("research"), None);
    }
}
