//! Text a person typed (a key id, a user name), made fit for a log line.

/// The longest piece of a person's input written to a log line.
pub const LOGGED_INPUT_CHARS: usize = 64;

/// Input a person typed, fit for a log line: escaped as Rust escapes strings (so a
/// newline or an escape sequence cannot forge or colour a line) and cut to
/// [`LOGGED_INPUT_CHARS`] characters, with `…` when cut.
pub fn loggable(input: &str) -> String {
    let mut out: String = input
        .chars()
        .take(LOGGED_INPUT_CHARS)
        .flat_map(char::escape_debug)
        .collect();
    if input.chars().nth(LOGGED_INPUT_CHARS).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_input_cannot_forge_a_log_line() {
        let forged = "alice\n2026-11-30T00:00:00Z INFO signed in principal=admin";
        let logged = loggable(forged);
        assert!(!logged.contains('\n'), "{logged}");
        assert!(logged.starts_with("alice\\n2026"), "{logged}");
        assert_eq!(loggable("\u{1b}[31mred"), "\\u{1b}[31mred");
        let long = "x".repeat(500);
        assert_eq!(loggable(&long), format!("{}…", "x".repeat(64)));
        assert_eq!(loggable("bob"), "bob");
    }
}
