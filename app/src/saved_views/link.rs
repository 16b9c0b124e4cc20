//! Which links and names a saved view may hold: a link to one of the pages a view is
//! kept of (the table, the overview, the ledger, the queue) with its query, and a short
//! name, so a stored view cannot point off the site or grow without bound.

/// The pages a view is kept of, and what a person calls each.
pub const SAVEABLE_PAGES: [(&str, &str); 4] = [
    ("/workloads", "Workloads"),
    ("/overview", "Overview"),
    ("/ledger", "Ledger"),
    ("/queue", "Queue"),
];

/// The longest link kept (a view is a page's query, not a document).
pub const MAX_LINK: usize = 2_000;
/// The longest name kept, in characters.
pub const MAX_NAME: usize = 80;

/// The page `link` shows, in people's words, if a view may be kept of it.
pub fn page_of(link: &str) -> Option<&'static str> {
    let path = link.split_once('?').map_or(link, |(path, _)| path);
    SAVEABLE_PAGES
        .iter()
        .find(|(page, _)| *page == path)
        .map(|(_, words)| *words)
}

/// `link` if it may be kept, or why not.
pub fn checked_link(link: &str) -> Result<&str, &'static str> {
    if link.len() > MAX_LINK {
        return Err("that view's link is too long to keep");
    }
    if link
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '#')
    {
        return Err("that view's link holds characters a link cannot");
    }
    page_of(link).map(|_| link).ok_or(
        "only the workloads table, the overview, the ledger and the queue can be kept as views",
    )
}

/// `name`, trimmed, if it may be kept, or why not.
pub fn checked_name(name: &str) -> Result<&str, &'static str> {
    let name = name.trim();
    if name.is_empty() {
        return Err("give the view a name");
    }
    if name.chars().count() > MAX_NAME {
        return Err("a view's name is at most 80 characters");
    }
    if name.chars().any(char::is_control) {
        return Err("a view's name cannot hold control characters");
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_links_to_the_four_pages_are_kept() {
        assert_eq!(
            checked_link("/workloads?filter=phase%3D%3DPending&sort=name"),
            Ok("/workloads?filter=phase%3D%3DPending&sort=name")
        );
        assert_eq!(checked_link("/queue"), Ok("/queue"));
        assert_eq!(page_of("/ledger?window=7d"), Some("Ledger"));
        for bad in [
            "https://evil.example/workloads",
            "//evil.example/workloads",
            "/workloads/123",
            "/workloadsx",
            "/login",
            "javascript:alert(1)",
            "/workloads?x=1 2",
            "/workloads?x=\u{0}",
            "/workloads#top",
            "",
        ] {
            assert!(checked_link(bad).is_err(), "{bad:?} was kept");
        }
        assert!(checked_link(&format!("/workloads?{}", "a".repeat(MAX_LINK))).is_err());
    }

    #[test]
    fn names_are_trimmed_short_and_printable() {
        assert_eq!(
            checked_name("  Our pending H100 jobs "),
            Ok("Our pending H100 jobs")
        );
        assert_eq!(checked_name("   "), Err("give the view a name"));
        assert!(checked_name(&"é".repeat(MAX_NAME)).is_ok());
        assert!(checked_name(&"é".repeat(MAX_NAME + 1)).is_err());
        assert!(checked_name("a\u{7}b").is_err());
        // Markup is kept as text (the menu escapes it when it shows it).
        assert_eq!(checked_name("<b>mine</b>"), Ok("<b>mine</b>"));
    }
}
