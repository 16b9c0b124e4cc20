//! Where sign-in returns to: only a path on this site, never another origin.

/// Where people land when `next` is missing or refused.
pub const DEFAULT_NEXT: &str = "/workloads";

/// `next` when it is a same-site path (`/…`, not `//host`, `/\host`, a scheme, or
/// anything a browser would rewrite into one); otherwise [`DEFAULT_NEXT`]. The sign-in
/// pages themselves are refused too, so sign-in never loops.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(next) if is_same_site_path(next) => next.to_owned(),
        _ => DEFAULT_NEXT.to_owned(),
    }
}

fn is_same_site_path(next: &str) -> bool {
    let mut chars = next.chars();
    if chars.next() != Some('/') || next.len() > 2048 {
        return false;
    }
    // Browsers treat `\` as `/` and drop tabs and newlines inside URLs, so `/\evil`
    // and `/\t/evil` both mean `//evil`: refuse backslashes and every control or
    // space character anywhere.
    if next
        .chars()
        .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
    {
        return false;
    }
    if matches!(chars.next(), Some('/')) {
        return false;
    }
    // Dot segments (`/.//host`, `/..//host`, escaped or not) resolve to paths that
    // begin with `//`, which a later hop could read as another host: none of our URLs
    // has one, so refuse them all.
    let path = next.split(['?', '#']).next().unwrap_or_default();
    if path.split('/').any(|segment| {
        let segment = segment.to_ascii_lowercase().replace("%2e", ".");
        segment == "." || segment == ".."
    }) {
        return false;
    }
    // Belt and braces: resolved against this site, it must stay on this site.
    let base = reqwest::Url::parse("http://runboard.invalid/").expect("a valid base");
    let Ok(resolved) = base.join(next) else {
        return false;
    };
    if resolved.origin() != base.origin() || resolved.path().starts_with("//") {
        return false;
    }
    !matches!(resolved.path(), "/login" | "/logout")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_site_paths_are_kept_whole() {
        for next in [
            "/workloads",
            "/workloads?filterBy=phase%3D%3DRunning&limit=50",
            "/workloads/6f0a8f5e-1c1b-4c7e-9e57-1d2c3b4a5f60?range=1h",
            "/overview#tiles",
        ] {
            assert_eq!(safe_next(Some(next)), next);
        }
    }

    #[test]
    fn anything_that_could_leave_the_site_is_refused() {
        for next in [
            "https://evil.example",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            " /workloads",
            "javascript:alert(1)",
            "evil.example",
            "",
            "/login?next=/workloads",
            "/logout",
            "/.//evil.example",
            "/..//evil.example",
            "/%2e//evil.example",
            "/%2E%2E//evil.example",
            "/workloads/../..//evil.example",
            "/workloads/./x",
        ] {
            assert_eq!(safe_next(Some(next)), DEFAULT_NEXT, "{next:?}");
        }
        assert_eq!(safe_next(None), DEFAULT_NEXT);
    }
}
