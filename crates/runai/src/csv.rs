//! The one CSV writer (RFC 4180): for Run:ai's own CSV answers as the API writes them
//! ([`CsvWriter::verbatim`]), and for the dashboard's downloads, safe to open in a
//! spreadsheet ([`CsvWriter::for_spreadsheets`]): a cell that a spreadsheet would run as
//! a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return: OWASP's
//! rule) is written with a leading `'`, which shows it as text. Plain numbers (`-3`,
//! `+1.5e3`, `+Inf`, `-Inf`, `NaN`) are left as they are: they cannot hold a formula, and a quote would turn
//! them into text.
//!
//! Run:ai's CSV answers (metrics, telemetry) reach a download through [`rewrite`], since
//! their cells (workload, project and node-pool names) come from whoever submitted the
//! workload.

use std::borrow::Cow;

/// Builds a CSV document row by row.
pub struct CsvWriter {
    inner: csv::Writer<Vec<u8>>,
    spreadsheet_safe: bool,
}

impl CsvWriter {
    /// An empty document whose cells are written as they are; lines end with `\n`.
    pub fn verbatim() -> Self {
        Self {
            inner: csv::WriterBuilder::new()
                .flexible(true)
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new()),
            spreadsheet_safe: false,
        }
    }

    /// An empty document whose cells are [`neutralize`]d.
    pub fn for_spreadsheets() -> Self {
        Self {
            spreadsheet_safe: true,
            ..Self::verbatim()
        }
    }

    /// Appends one row, each cell quoted as needed (and neutralized when made for
    /// spreadsheets).
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|cell| match self.spreadsheet_safe {
                true => neutralize(cell.as_ref()).into_owned(),
                false => cell.as_ref().to_owned(),
            })
            .collect();
        self.inner
            .write_record(&cells)
            .expect("writing to memory cannot fail");
    }

    /// The document.
    pub fn finish(self) -> String {
        let bytes = self
            .inner
            .into_inner()
            .expect("flushing to memory cannot fail");
        String::from_utf8(bytes).expect("every cell was a str")
    }
}

/// `cell`, with a leading `'` when a spreadsheet would take it for a formula.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// `[+-]digits[.digits][e[+-]digits]`, or an infinity or not-a-number as Prometheus and
/// Rust write them (`+Inf`, `-Inf`, `NaN`): a number and nothing else.
fn is_plain_number(cell: &str) -> bool {
    let body = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    if ["inf", "infinity", "nan"]
        .iter()
        .any(|word| body.eq_ignore_ascii_case(word))
    {
        return true;
    }
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(digits)
}

/// Run:ai's CSV, read (RFC 4180, rows of any length) and written again for
/// spreadsheets; an answer that cannot be read is Run:ai's fault, said where.
pub fn rewrite(upstream: &str) -> Result<String, crate::ApiError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(upstream.as_bytes());
    let mut writer = CsvWriter::for_spreadsheets();
    for record in reader.records() {
        let record = record.map_err(|err| crate::ApiError::Decode {
            what: "CSV".to_owned(),
            at: err.to_string(),
        })?;
        writer.row(record.iter());
    }
    Ok(writer.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralized_and_numbers_kept() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"http://evil\")",
                "'=HYPERLINK(\"http://evil\")",
            ),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-3", "-3"),
            ("+1.5e3", "+1.5e3"),
            ("-0.25", "-0.25"),
            ("+Inf", "+Inf"),
            ("-Inf", "-Inf"),
            ("-inf", "-inf"),
            ("NaN", "NaN"),
            ("-Infinity", "-Infinity"),
            ("+Info()", "'+Info()"),
            ("-NaN1", "'-NaN1"),
            ("train-job", "train-job"),
            ("", ""),
        ] {
            assert_eq!(neutralize(cell), written, "{cell:?}");
        }
    }

    #[test]
    fn rows_are_quoted_as_rfc_4180_asks() {
        let mut writer = CsvWriter::for_spreadsheets();
        writer.row(["name", "note"]);
        writer.row(["a,b", "say \"hi\"\nthen go"]);
        writer.row(["=1+1", "-1"]);
        assert_eq!(
            writer.finish(),
            "name,note\n\"a,b\",\"say \"\"hi\"\"\nthen go\"\n'=1+1,-1\n"
        );
        let mut verbatim = CsvWriter::verbatim();
        verbatim.row(["=1+1", "a,b"]);
        assert_eq!(verbatim.finish(), "=1+1,\"a,b\"\n");
    }

    #[test]
    fn upstream_csv_is_rewritten_through_the_same_writer() {
        let upstream =
            "timestamp,type,name\n2026-01-01T00:00:00Z,GPU,\"=cmd()\"\n1,2\n+Inf,-Inf,NaN\n";
        assert_eq!(
            rewrite(upstream).unwrap(),
            "timestamp,type,name\n2026-01-01T00:00:00Z,GPU,'=cmd()\n1,2\n+Inf,-Inf,NaN\n"
        );
    }
}
