//! The zone a viewer reads times in: their browser's (the default), UTC, or any IANA
//! zone, named by the URL's `tz` parameter so a shared link says which zone it shows.

use leptos::prelude::WithUntracked;

use crate::url_state::Problem;

/// The URL parameter that names the zone.
pub const PARAM: &str = "tz";

/// The zone times are shown in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Zone {
    /// The viewer's browser's own zone (what a link without `tz` shows).
    #[default]
    Browser,
    Utc,
    /// An IANA zone (`Europe/Berlin`), as the URL names it.
    Named(String),
}

/// The longest zone name believed (the longest IANA name is about 30 characters).
const MAX_NAME: usize = 64;

impl Zone {
    /// The zone `tz` names (absent or empty: the browser's), or why it cannot be used.
    pub fn from_param(tz: Option<&str>) -> Result<Self, Problem> {
        let name = tz.map(str::trim).unwrap_or_default();
        if name.is_empty() {
            return Ok(Self::Browser);
        }
        if name.eq_ignore_ascii_case("utc") {
            return Ok(Self::Utc);
        }
        let shaped = name.len() <= MAX_NAME
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.split('/').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_+-".contains(c))
            });
        if !shaped || !known(name) {
            return Err(Problem::new(
                PARAM,
                "not a time zone this dashboard knows (an IANA name such as Europe/Berlin, or UTC); \
                 times are in your browser's zone",
            ));
        }
        Ok(Self::Named(name.to_owned()))
    }

    /// The zone `query` (a URL's query string, without `?`) names; a zone that cannot
    /// be used is the browser's.
    pub fn from_query(query: &str) -> Self {
        let params = runai::query::QueryParams::parse(query);
        Self::from_param(params.get(PARAM)).unwrap_or_default()
    }

    /// `pairs` with the zone the page's link names (`tz`), if it names one: what a
    /// download's link carries, so its times are in the zone the page shows.
    pub fn with_page_zone(mut pairs: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
        let zone = leptos_router::hooks::use_query_map()
            .with_untracked(|query| query.get(PARAM))
            .filter(|zone| !zone.is_empty());
        if let Some(zone) = zone {
            pairs.push((PARAM, zone));
        }
        pairs
    }

    /// What the URL's `tz` says (nothing for the browser's zone, the default).
    pub fn param(&self) -> Option<&str> {
        match self {
            Self::Browser => None,
            Self::Utc => Some("UTC"),
            Self::Named(name) => Some(name),
        }
    }

    /// The zone in people's words.
    pub fn words(&self) -> &str {
        match self {
            Self::Browser => "your browser's zone",
            Self::Utc => "UTC",
            Self::Named(name) => name,
        }
    }

    /// How far ahead of UTC this zone's clocks are at `unix_ms`, in milliseconds; `None`
    /// for the browser's zone, which only the browser knows.
    #[cfg(feature = "ssr")]
    pub fn offset_ms(&self, unix_ms: i64) -> Option<i64> {
        match self {
            Self::Browser => None,
            Self::Utc => Some(0),
            Self::Named(name) => {
                let zone = jiff::tz::TimeZone::get(name).ok()?;
                let at = jiff::Timestamp::from_millisecond(unix_ms).ok()?;
                Some(i64::from(zone.to_offset(at).seconds()) * 1_000)
            }
        }
    }
}

impl Zone {
    /// `unix_ms` as RFC 3339 with this zone's offset (`2026-12-05T18:03:07+01:00`), as a
    /// download writes times; the browser's zone, which the server does not know, is
    /// written as UTC (`…Z`).
    #[cfg(feature = "ssr")]
    pub fn rfc3339(&self, unix_ms: i64) -> String {
        let Ok(at) = jiff::Timestamp::from_millisecond(unix_ms) else {
            return String::new();
        };
        let zone = match self {
            Self::Named(name) => jiff::tz::TimeZone::get(name).ok(),
            Self::Utc => Some(jiff::tz::TimeZone::UTC),
            Self::Browser => None,
        };
        match zone {
            Some(zone) => at
                .to_zoned(zone)
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string(),
            None => at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        }
    }
}

/// `href` with the zone that `current` (the page's query, without `?`) names, unless
/// `href` names one itself: a view's links are written without the zone, and the page
/// keeps showing the zone it shows. The `tz` pair is carried as it is written (no
/// decoding: this runs in the browser, where a query parser would cost bytes).
pub fn carried(href: &str, current: &str) -> String {
    let zone_pair = |query: &str| {
        query
            .split('&')
            .find(|pair| pair.len() > PARAM.len() + 1 && pair.starts_with("tz="))
            .map(str::to_owned)
    };
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    match (zone_pair(current), zone_pair(query)) {
        (Some(pair), None) if query.is_empty() => format!("{path}?{pair}"),
        (Some(pair), None) => format!("{path}?{query}&{pair}"),
        _ => href.to_owned(),
    }
}

/// Whether the server's zone database has `name` (the browser is trusted to have what
/// the server has: both follow the IANA database).
#[cfg(feature = "ssr")]
fn known(name: &str) -> bool {
    jiff::tz::TimeZone::get(name).is_ok()
}

/// In the browser, the server has checked the name already.
#[cfg(not(feature = "ssr"))]
fn known(_name: &str) -> bool {
    true
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_url_names_the_browsers_zone_utc_or_an_iana_zone() {
        assert_eq!(Zone::from_param(None), Ok(Zone::Browser));
        assert_eq!(Zone::from_param(Some(" ")), Ok(Zone::Browser));
        assert_eq!(Zone::from_param(Some("utc")), Ok(Zone::Utc));
        assert_eq!(
            Zone::from_param(Some("America/Argentina/Buenos_Aires")),
            Ok(Zone::Named("America/Argentina/Buenos_Aires".into()))
        );
        assert_eq!(
            Zone::from_query("sortBy=name&tz=Asia%2FTokyo").param(),
            Some("Asia/Tokyo")
        );
        for bad in [
            "Mars/Olympus",
            "../etc/passwd",
            "Europe//Berlin",
            "<script>",
            "1/2",
            &"A".repeat(65),
        ] {
            let problem = Zone::from_param(Some(bad)).unwrap_err();
            assert_eq!(problem.param, "tz", "{bad}");
        }
        assert_eq!(Zone::from_query("tz=Nowhere%2FAtAll"), Zone::Browser);
        assert_eq!(
            Zone::Browser.param(),
            None,
            "the default is left out of the URL"
        );
    }

    #[test]
    fn a_views_link_keeps_the_zone_the_page_shows() {
        let here = "sortBy=name&tz=Asia%2FTokyo";
        assert_eq!(
            carried("/workloads?sortBy=phase", here),
            "/workloads?sortBy=phase&tz=Asia%2FTokyo"
        );
        assert_eq!(carried("/workloads", here), "/workloads?tz=Asia%2FTokyo");
        assert_eq!(carried("/workloads?tz=UTC", here), "/workloads?tz=UTC");
        assert_eq!(
            carried("/workloads?sortBy=phase", "sortBy=name"),
            "/workloads?sortBy=phase"
        );
    }

    #[test]
    fn a_download_writes_times_with_the_zones_offset() {
        let at = 1_784_116_800_000; // 2026-07-15 12:00 UTC
        assert_eq!(
            Zone::Named("Europe/Berlin".into()).rfc3339(at),
            "2026-07-15T14:00:00+02:00"
        );
        assert_eq!(Zone::Utc.rfc3339(at), "2026-07-15T12:00:00+00:00");
        assert_eq!(Zone::Browser.rfc3339(at), "2026-07-15T12:00:00Z");
    }

    #[test]
    fn a_zones_offset_follows_its_summer_time() {
        // 2026-01-15 and 2026-07-15, noon UTC.
        let (winter, summer) = (1_768_478_400_000, 1_784_116_800_000);
        let berlin = Zone::Named("Europe/Berlin".into());
        assert_eq!(berlin.offset_ms(winter), Some(3_600_000));
        assert_eq!(berlin.offset_ms(summer), Some(7_200_000));
        assert_eq!(Zone::Utc.offset_ms(summer), Some(0));
        assert_eq!(Zone::Browser.offset_ms(summer), None);
    }
}
