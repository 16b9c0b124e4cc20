//! Text a person typed (a key id, a user name), made fit for a log line.

/// The longest piece of a person's input written to a log line.
pub const LOGGED_INPUT_CHARS: usize = 64;

/// Input a person typed, fit for a log line: escaped as Rust escapes strings (so a
/// newline or an escape sequence cannot forge or colour a line), cut to
/// [`LOGGED_INPUT_CHARS`] characters (with `…` when cut), and quoted when it holds a
/// space, an `=` or a quote, as logfmt quotes values, so that `carol client=6.6.6.6`
/// stays one value instead of adding a field to the line.
pub fn loggable(input: &str) -> String {
    let mut out: String = input
        .chars()
        .take(LOGGED_INPUT_CHARS)
        .flat_map(char::escape_debug)
        .collect();
    if input.chars().nth(LOGGED_INPUT_CHARS).is_some() {
        out.push('…');
    }
    if out.is_empty() || out.contains([' ', '=', '"']) || out.chars().any(char::is_whitespace) {
        out = format!("\"{out}\"");
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
        assert!(logged.starts_with("\"alice\\n2026"), "{logged}");
        assert_eq!(loggable("\u{1b}[31mred"), "\\u{1b}[31mred");
        let long = "x".repeat(500);
        assert_eq!(loggable(&long), format!("{}…", "x".repeat(64)));
        assert_eq!(loggable("bob"), "bob");
    }

    #[test]
    fn typed_input_cannot_add_a_field() {
        assert_eq!(loggable("carol client=6.6.6.6"), "\"carol client=6.6.6.6\"");
        assert_eq!(loggable("a=b"), "\"a=b\"");
        // A quote inside is escaped, so the quoted value cannot be closed early.
        assert_eq!(loggable("x\" y=1"), "\"x\\\" y=1\"");
        assert_eq!(loggable("tab\there"), "tab\\there");
        assert_eq!(loggable(""), "\"\"");
    }
}
