//! The table's auto-refresh choices (also used by the overview and the workload page).

/// How often the table refreshes itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Refresh {
    #[default]
    Off,
    Seconds(u32),
}

impl Refresh {
    pub const CHOICES: [Refresh; 5] = [
        Refresh::Off,
        Refresh::Seconds(5),
        Refresh::Seconds(10),
        Refresh::Seconds(30),
        Refresh::Seconds(60),
    ];

    pub fn id(self) -> &'static str {
        match self {
            Refresh::Off => "off",
            Refresh::Seconds(5) => "5s",
            Refresh::Seconds(10) => "10s",
            Refresh::Seconds(30) => "30s",
            _ => "1m",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Refresh::Off => "Off",
            Refresh::Seconds(5) => "5 s",
            Refresh::Seconds(10) => "10 s",
            Refresh::Seconds(30) => "30 s",
            _ => "1 min",
        }
    }

    /// The period in milliseconds (`None`: off).
    pub fn millis(self) -> Option<u64> {
        match self {
            Refresh::Off => None,
            Refresh::Seconds(s) => Some(u64::from(s) * 1000),
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::CHOICES.into_iter().find(|r| r.id() == id)
    }
}
