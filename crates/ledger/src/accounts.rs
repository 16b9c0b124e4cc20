//! Who submitted a workload: a person or a service account. Run:ai names a person by
//! their e-mail address and an application (a service account's access key) by its
//! name, so a submitter that is not an e-mail address is a service account; accounts
//! that do look like e-mail addresses (a shared `svc-pipeline@…` mailbox) are named by
//! patterns in the configuration.

/// Patterns past this are not read: matching stays cheap whatever the configuration.
const MAX_PATTERNS: usize = 100;

/// Which submitters are service accounts rather than people.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceAccounts {
    /// Lower-cased patterns where `*` stands for any run of characters.
    patterns: Vec<String>,
}

impl ServiceAccounts {
    /// Service accounts are the submitters that are not e-mail addresses and those that
    /// match one of `patterns` (`*` for any run of characters, case ignored, as in
    /// `svc-*` or `*-bot@example.com`).
    pub fn new(patterns: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        Self {
            patterns: patterns
                .into_iter()
                .map(|p| p.as_ref().trim().to_lowercase())
                .filter(|p| !p.is_empty())
                .take(MAX_PATTERNS)
                .collect(),
        }
    }

    /// Whether `submitter` is a service account.
    pub fn is_service_account(&self, submitter: &str) -> bool {
        let submitter = submitter.trim().to_lowercase();
        !looks_like_email(&submitter)
            || self
                .patterns
                .iter()
                .any(|pattern| matches_pattern(pattern, &submitter))
    }
}

/// `someone@some.where`: one `@` with text on both sides and a dot in the domain.
fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters. The
/// pieces between stars are found left to right, each as early as it can be (which
/// finds a match whenever there is one), so it is linear in the text for each piece.
fn matches_pattern(pattern: &str, text: &str) -> bool {
    let pieces: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = pieces.as_slice() else {
        // No star: the text is the pattern.
        return pattern == text;
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for piece in middle {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_their_e_mail_addresses_and_anything_else_is_a_service_account() {
        let none = ServiceAccounts::default();
        assert!(!none.is_service_account("ada@runboard.demo"));
        assert!(!none.is_service_account(" Ada@Runboard.Demo "));
        assert!(none.is_service_account("ci-bot"));
        assert!(none.is_service_account("f2a7c1d0-0b8e-4d5c-9a43-1f3e5b6c7d80"));
        assert!(none.is_service_account("bob@localhost"), "no domain");
        assert!(none.is_service_account("@runboard.demo"));
        assert!(none.is_service_account(""));
    }

    #[test]
    fn patterns_name_the_accounts_that_look_like_people() {
        let accounts = ServiceAccounts::new(["svc-*", "*-BOT@example.com", " ", "exact@x.io"]);
        assert!(accounts.is_service_account("svc-pipeline@runboard.demo"));
        assert!(accounts.is_service_account("nightly-bot@example.com"));
        assert!(accounts.is_service_account("exact@x.io"));
        assert!(!accounts.is_service_account("ada@runboard.demo"));
        assert!(!accounts.is_service_account("nightly-bot@example.org"));
        assert!(
            !accounts.is_service_account("my-svc-x@runboard.demo"),
            "anchored"
        );
    }

    #[test]
    fn stars_match_any_run_and_pieces_keep_their_order() {
        assert!(matches_pattern("*", ""));
        assert!(matches_pattern("a*b*c", "abc"));
        assert!(matches_pattern("a*b*c", "a-x-b-y-c"));
        assert!(!matches_pattern("a*b*c", "a-c-b"));
        assert!(matches_pattern("**x", "yx"));
        assert!(!matches_pattern("ab*ba", "aba"), "pieces may not overlap");
        // Long text, many stars: no backtracking blow-up.
        let text = "a".repeat(10_000);
        assert!(!matches_pattern(&format!("{}b", "a*".repeat(50)), &text));
    }
}
