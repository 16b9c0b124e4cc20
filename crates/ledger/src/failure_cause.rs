//! What a failure's message says once what varies from one failure to the next is masked,
//! so that the same error groups together: numbers and sizes (`2.00 GiB`), ranks, ids and
//! hashes (anything with a digit in it, long hex), generated names (`trainer-7f9c8d-0`),
//! timestamps, paths (`/data/run-7/x.pt`) and image tags (`pytorch:24.01-py3`). What is left is the cause, in the message's own
//! words, with `…` where something was masked.

/// Causes longer than this (in characters) are cut: a stack trace is not a cause.
pub const MAX_CAUSE_CHARS: usize = 240;

/// The cause of a failure whose reason (a condition's, or the phase's) is `reason` and
/// whose message is `message`: `"reason: message"` with what varies masked.
pub fn failure_cause(reason: Option<&str>, message: Option<&str>) -> String {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let message = message.map(mask).filter(|m| !m.is_empty());
    let cause = match (reason, message) {
        (Some(reason), Some(message)) => format!("{}: {message}", mask(reason)),
        (Some(reason), None) => mask(reason),
        (None, Some(message)) => message,
        (None, None) => "No reason given".to_owned(),
    };
    match cause.char_indices().nth(MAX_CAUSE_CHARS) {
        Some((at, _)) => format!("{}…", &cause[..at]),
        None => cause,
    }
}

/// The cause of `w`'s failure: its reason (its `Failed` condition's, else its phase's)
/// and message (its phase's, else the condition's), masked.
pub fn workload_failure_cause(w: &runai::model::Workload) -> String {
    let (reason, message) = failure_said(w);
    failure_cause(reason, message)
}

/// What `w` says of its failure: its reason and its message, as they were.
pub fn failure_said(w: &runai::model::Workload) -> (Option<&str>, Option<&str>) {
    let condition = w.conditions.iter().find(|c| c.type_ == "Failed");
    let reason = condition
        .and_then(|c| c.reason.as_deref())
        .or(w.phase_reason.as_ref().map(|r| r.as_str()));
    let message = w
        .phase_message
        .as_deref()
        .or(condition.and_then(|c| c.message.as_deref()));
    (reason, message)
}

/// Whether `text` could be a [`cause_id`]: 16 lower-case hex digits.
pub fn is_cause_id(text: &str) -> bool {
    text.len() == 16
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A short, stable name for `cause` in links (`cause=3f9a…`): 16 hex digits of its
/// FNV-1a hash, the same on every replica and release.
pub fn cause_id(cause: &str) -> String {
    let hash = cause.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// `text` with what varies masked, its spaces collapsed.
pub fn mask(text: &str) -> String {
    let words: Vec<String> = text.split_whitespace().map(mask_word).collect();
    let mut masked = words.join(" ");
    // Masks next to each other are one ("… …" from "2.00 GiB" stays "… GiB").
    while masked.contains("… …") {
        masked = masked.replace("… …", "…");
    }
    masked
}

/// Characters that may end a word without being part of it: `"x",` or `(x)`.
fn is_edge(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '`' | ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>'
    ) || c == ':'
        || c == '.'
}

fn mask_word(word: &str) -> String {
    let start = word.find(|c: char| !is_edge(c)).unwrap_or(word.len());
    let end = word.rfind(|c: char| !is_edge(c)).map_or(start, |i| {
        i + word[i..].chars().next().map_or(1, char::len_utf8)
    });
    let (before, core, after) = (&word[..start], &word[start..end], &word[end..]);
    let core = if core.starts_with('/') || core.starts_with("~/") || core.starts_with("./") {
        "…".to_owned()
    } else if let Some(image) = image_without_tag(core) {
        image
    } else {
        match mask_runs(core) {
            // A generated name (`trainer-7f9c8d-0`, a pod's): the name varies as its
            // suffix does.
            masked if masked.contains("-…") => "…".to_owned(),
            masked => masked,
        }
    };
    format!("{before}{core}{after}")
}

/// `registry/repo:tag` or `registry/repo@sha256:…` as `registry/repo:…`; `None` for
/// anything that is not an image reference.
fn image_without_tag(word: &str) -> Option<String> {
    if let Some((image, _)) = word.split_once('@') {
        return image.contains('/').then(|| format!("{image}:…"));
    }
    let slash = word.rfind('/')?;
    let colon = word.rfind(':')?;
    (colon > slash && !word.contains("://")).then(|| format!("{}:…", &word[..colon]))
}

/// Each run of letters and digits that holds a digit, or is long hex, as `…`; runs of
/// masks joined by `.`, `-`, `:` or `_` as one.
fn mask_runs(word: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.is_empty() {
            return;
        }
        let hex = run.len() >= 8 && run.chars().all(|c| c.is_ascii_hexdigit());
        if run.chars().any(|c| c.is_ascii_digit()) || hex {
            // One mask for `2.00`, `24.01-py3`, a uuid or a time.
            let joined = out
                .strip_suffix(['.', '-', ':', '_', '/'])
                .filter(|rest| rest.ends_with('…'))
                .map(str::to_owned);
            match joined {
                Some(rest) => *out = rest,
                None => out.push('…'),
            }
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in word.chars() {
        if c.is_alphanumeric() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message of `messages` has the same cause, and it reads `expected`.
    fn one_cause(reason: Option<&str>, messages: &[&str], expected: &str) {
        for message in messages {
            assert_eq!(failure_cause(reason, Some(message)), expected, "{message}");
        }
    }

    #[test]
    fn cuda_out_of_memory_of_any_size_is_one_cause() {
        one_cause(
            None,
            &[
                "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.15 GiB total capacity; 75.31 GiB already allocated)",
                "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB (GPU 3; 79.15 GiB total capacity; 78.02 GiB already allocated)",
            ],
            "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate … GiB (GPU …; … GiB total capacity; … GiB already allocated)",
        );
    }

    #[test]
    fn nccl_timeouts_on_different_ranks_are_one_cause() {
        one_cause(
            Some("Error"),
            &[
                "[Rank 3] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=18822, OpType=ALLREDUCE, NumelIn=1048576, Timeout(ms)=600000) ran for 600121 milliseconds before timing out.",
                "[Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=9, OpType=ALLREDUCE, NumelIn=262144, Timeout(ms)=600000) ran for 600007 milliseconds before timing out.",
            ],
            "Error: [Rank …] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=…, OpType=ALLREDUCE, NumelIn=…, Timeout(ms)=…) ran for … milliseconds before timing out.",
        );
    }

    #[test]
    fn image_pull_errors_on_different_tags_are_one_cause() {
        one_cause(
            Some("ImagePullBackOff"),
            &[
                "Back-off pulling image \"nvcr.io/nvidia/pytorch:24.01-py3\"",
                "Back-off pulling image \"nvcr.io/nvidia/pytorch:23.10-py3\"",
                "Back-off pulling image \"nvcr.io/nvidia/pytorch@sha256:9f86d081884c7d659a2feaa0c55ad015\"",
            ],
            "ImagePullBackOff: Back-off pulling image \"nvcr.io/nvidia/pytorch:…\"",
        );
        // Another image is another cause.
        assert_ne!(
            failure_cause(
                Some("ImagePullBackOff"),
                Some("Back-off pulling image \"ghcr.io/acme/trainer:v2\"")
            ),
            failure_cause(
                Some("ImagePullBackOff"),
                Some("Back-off pulling image \"nvcr.io/nvidia/pytorch:v2\"")
            ),
        );
    }

    #[test]
    fn oom_killed_pods_are_one_cause_whatever_their_names_and_times() {
        one_cause(
            Some("OOMKilled"),
            &[
                "Container trainer in pod llm-pretrain-7f9c8d-0 was OOMKilled at 2026-12-05T10:14:03Z (exit code 137)",
                "Container trainer in pod llm-pretrain-5b2a1e-3 was OOMKilled at 2026-11-30T23:59:59.120Z (exit code 137)",
            ],
            "OOMKilled: Container trainer in pod … was OOMKilled at … (exit code …)",
        );
    }

    #[test]
    fn paths_and_ids_are_masked_but_the_words_stay() {
        assert_eq!(
            mask(
                "FileNotFoundError: [Errno 2] No such file or directory: '/data/shards/run-17/part-00042.parquet'"
            ),
            "FileNotFoundError: [Errno …] No such file or directory: '…'"
        );
        assert_eq!(
            mask("checkpoint 0b7e2c4f-1d3a-4c5e-9f60-7a8b9c0d1e2f missing"),
            "checkpoint … missing"
        );
        assert_eq!(mask("deadbeefcafe not found"), "… not found");
        assert_eq!(mask("  many   spaces\there "), "many spaces here");
    }

    #[test]
    fn a_cause_has_a_stable_short_name() {
        assert_eq!(cause_id(""), "cbf29ce484222325");
        assert_eq!(cause_id("a"), "af63dc4c8601ec8c");
        assert_ne!(cause_id("OOMKilled"), cause_id("OOMKilled: x"));
        assert!(is_cause_id(&cause_id("OOMKilled")));
        assert!(
            !is_cause_id("CBF29CE484222325")
                && !is_cause_id("cbf29c")
                && !is_cause_id("zzzzzzzzzzzzzzzz")
        );
    }

    #[test]
    fn nothing_said_and_long_stories_are_handled() {
        assert_eq!(failure_cause(None, None), "No reason given");
        assert_eq!(failure_cause(Some("  "), Some("  ")), "No reason given");
        assert_eq!(failure_cause(Some("Evicted"), None), "Evicted");
        let long = "Traceback line ".repeat(100);
        let cause = failure_cause(None, Some(&long));
        assert_eq!(cause.chars().count(), MAX_CAUSE_CHARS + 1);
        assert!(cause.ends_with('…'));
        // Not ASCII: cut on a character, not a byte.
        let wide = "ошибка ".repeat(100);
        assert!(failure_cause(None, Some(&wide)).ends_with('…'));
    }
}
