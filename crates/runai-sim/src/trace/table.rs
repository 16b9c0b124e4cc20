//! The recording's CSV files as columns, read strictly: a missing column, a short row or
//! a cell that is not a number is an error that says where, never a silent zero.

/// Why a recording could not be read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TraceError {
    /// The header lacks a column the simulator reads.
    #[error("trace header has no column `{0}`")]
    MissingColumn(&'static str),
    /// A row's cell is not a number (1-based line numbers, as an editor shows them).
    #[error("trace line {line}: column `{column}` is not a number: {value:?}")]
    NotANumber {
        line: usize,
        column: &'static str,
        value: String,
    },
    /// A row has fewer cells than the header.
    #[error("trace line {line}: expected {expected} cells, found {found}")]
    ShortRow {
        line: usize,
        expected: usize,
        found: usize,
    },
    /// More phases than a sample's `u8` phase index can name.
    #[error("trace has more than 256 phases")]
    TooManyPhases,
}

/// A CSV file: its header and its non-empty rows, with their 1-based line numbers.
pub struct Table<'a> {
    header: Vec<&'a str>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Table<'a> {
    /// Splits `csv` into cells, refusing rows shorter than the header.
    pub fn parse(csv: &'a str) -> Result<Self, TraceError> {
        let mut lines = csv.lines().enumerate();
        let header: Vec<&str> = lines
            .next()
            .map(|(_, h)| h.split(',').map(str::trim).collect())
            .unwrap_or_default();
        let mut rows = Vec::new();
        for (index, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            if cells.len() < header.len() {
                return Err(TraceError::ShortRow {
                    line: index + 1,
                    expected: header.len(),
                    found: cells.len(),
                });
            }
            rows.push((index + 1, cells));
        }
        Ok(Self { header, rows })
    }

    fn at(&self, name: &'static str) -> Result<usize, TraceError> {
        self.header
            .iter()
            .position(|h| *h == name)
            .ok_or(TraceError::MissingColumn(name))
    }

    /// A column of numbers; every cell must be one.
    pub fn numbers(&self, name: &'static str) -> Result<Vec<f64>, TraceError> {
        self.read(name, false)
    }

    /// A column of numbers where an empty cell means "not measured" and reads as 0
    /// (a failed request has no time to first token).
    pub fn numbers_or_blank(&self, name: &'static str) -> Result<Vec<f64>, TraceError> {
        self.read(name, true)
    }

    fn read(&self, name: &'static str, blank_is_zero: bool) -> Result<Vec<f64>, TraceError> {
        let at = self.at(name)?;
        self.rows
            .iter()
            .map(|(line, cells)| match cells[at] {
                "" if blank_is_zero => Ok(0.0),
                cell => cell.parse::<f64>().map_err(|_| TraceError::NotANumber {
                    line: *line,
                    column: name,
                    value: cell.to_owned(),
                }),
            })
            .collect()
    }

    /// A column of words.
    pub fn words(&self, name: &'static str) -> Result<Vec<&'a str>, TraceError> {
        let at = self.at(name)?;
        Ok(self.rows.iter().map(|(_, cells)| cells[at]).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_recordings_say_where_and_why() {
        let table = Table::parse("t_s,phase\n0,idle\n").unwrap();
        assert_eq!(
            table.numbers("gpu_util_pct"),
            Err(TraceError::MissingColumn("gpu_util_pct"))
        );
        let table = Table::parse("t_s,util\n0,x\n").unwrap();
        assert_eq!(
            table.numbers("util"),
            Err(TraceError::NotANumber {
                line: 2,
                column: "util",
                value: "x".into()
            })
        );
        assert!(matches!(
            Table::parse("t_s,phase,util\n0,idle\n"),
            Err(TraceError::ShortRow { line: 2, .. })
        ));
    }

    #[test]
    fn only_optional_columns_read_a_blank_as_zero() {
        let table = Table::parse("t,ttft\n1,\n2,0.5\n").unwrap();
        assert_eq!(table.numbers_or_blank("ttft"), Ok(vec![0.0, 0.5]));
        assert!(matches!(
            table.numbers("ttft"),
            Err(TraceError::NotANumber { line: 2, .. })
        ));
    }
}
