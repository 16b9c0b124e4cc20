//! Queries of the metrics endpoint.

use serde::{Deserialize, Serialize};

use super::{QueryError, QueryParams, encode_query, list::parse_number};
use crate::model::{MetricType, Timestamp};

/// The most samples the endpoint returns per series.
pub const MAX_SAMPLES: u16 = 1000;

/// A metrics query over `[start, end]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricsQuery {
    /// One or more of the spec's 23 types.
    pub metric_type: Vec<MetricType>,
    pub start: Timestamp,
    pub end: Timestamp,
    /// Evenly spaced samples, 0–1000 (the API's default is 20).
    pub number_of_samples: Option<u16>,
}

impl MetricsQuery {
    /// Reads a metrics query; unknown parameters are ignored.
    pub fn from_params(params: &QueryParams) -> Result<Self, QueryError> {
        let words = params.list("metricType");
        if words.is_empty() {
            return Err(QueryError::Missing {
                param: "metricType",
            });
        }
        let metric_type = words.into_iter().map(MetricType::from).collect();
        let instant = |param: &'static str| match params.get(param) {
            None | Some("") => Err(QueryError::Missing { param }),
            Some(text) => {
                Timestamp::parse(text).map_err(|err| QueryError::invalid(param, err.to_string()))
            }
        };
        let query = Self {
            metric_type,
            start: instant("start")?,
            end: instant("end")?,
            number_of_samples: parse_number(params, "numberOfSamples")?,
        };
        query.validate()?;
        Ok(query)
    }

    /// Parses a metrics query string.
    pub fn parse(query: &str) -> Result<Self, QueryError> {
        Self::from_params(&QueryParams::parse(query))
    }

    /// Checks the types are known, `start < end` and the sample count's range.
    pub fn validate(&self) -> Result<(), QueryError> {
        if self.metric_type.is_empty() {
            return Err(QueryError::Missing {
                param: "metricType",
            });
        }
        if let Some(unknown) = self.metric_type.iter().find(|t| !t.is_known()) {
            return Err(QueryError::invalid(
                "metricType",
                format!("“{unknown}” is not a metric type"),
            ));
        }
        if self.start >= self.end {
            return Err(QueryError::invalid(
                "start",
                format!("start ({}) must be before end ({})", self.start, self.end),
            ));
        }
        match self.number_of_samples {
            Some(n) if n > MAX_SAMPLES => Err(QueryError::invalid(
                "numberOfSamples",
                format!("{n} is outside 0–{MAX_SAMPLES}"),
            )),
            _ => Ok(()),
        }
    }

    /// The pairs this query sends, in the spec's form.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let types: Vec<_> = self.metric_type.iter().map(MetricType::as_str).collect();
        let mut pairs = vec![
            ("metricType", types.join(",")),
            ("start", self.start.to_string()),
            ("end", self.end.to_string()),
        ];
        if let Some(n) = self.number_of_samples {
            pairs.push(("numberOfSamples", n.to_string()));
        }
        pairs
    }

    /// The query string, percent-encoded.
    pub fn to_query_string(&self) -> String {
        encode_query(&self.to_pairs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_a_list_of_types() {
        let text = "metricType=GPU_UTILIZATION%2CCPU_USAGE_CORES&start=2026-11-27T05%3A00%3A00Z&end=2026-11-27T06%3A00%3A00Z&numberOfSamples=120";
        let query = MetricsQuery::parse(text).unwrap();
        assert_eq!(
            query.metric_type,
            [MetricType::GpuUtilization, MetricType::CpuUsageCores]
        );
        assert_eq!(query.number_of_samples, Some(120));
        assert_eq!(query.to_query_string(), text);
        let offset = MetricsQuery::parse(
            "metricType=POD_COUNT&start=2026-11-27T07:00:00%2B02:00&end=2026-11-27T06:00:00",
        )
        .unwrap();
        assert_eq!(offset.start.to_string(), "2026-11-27T05:00:00Z");
    }

    #[test]
    fn refusals_name_the_parameter() {
        let range = "start=2026-11-27T05:00:00Z&end=2026-11-27T06:00:00Z";
        for (text, param) in [
            (range.to_owned(), "metricType"),
            (format!("metricType=GPU_WATTS&{range}"), "metricType"),
            (
                "metricType=POD_COUNT&end=2026-11-27T06:00:00Z".to_owned(),
                "start",
            ),
            (
                "metricType=POD_COUNT&start=2026-11-27T05:00:00Z".to_owned(),
                "end",
            ),
            (
                "metricType=POD_COUNT&start=2026-11-27T06:00:00Z&end=2026-11-27T05:00:00Z"
                    .to_owned(),
                "start",
            ),
            (
                "metricType=POD_COUNT&start=soon&end=2026-11-27T05:00:00Z".to_owned(),
                "start",
            ),
            (
                format!("metricType=POD_COUNT&{range}&numberOfSamples=1001"),
                "numberOfSamples",
            ),
            (
                format!("metricType=POD_COUNT&{range}&numberOfSamples=-1"),
                "numberOfSamples",
            ),
        ] {
            let err = MetricsQuery::parse(&text).unwrap_err();
            assert_eq!(err.param(), param, "{text}: {err}");
        }
        let zero = MetricsQuery::parse(&format!("metricType=POD_COUNT&{range}&numberOfSamples=0"));
        assert!(zero.is_ok(), "0 samples is within the spec's range");
    }
}
