//! Turning HTTP answers into data or typed errors: status mapping with the spec's
//! `Error` body, path-precise decoding, and what a 207 left out.

use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::{
    ApiError,
    model::{ErrorBody, MetricType, MetricsResponse, WorkloadDetailed},
    query::QueryError,
};

pub(super) fn bad_request(err: QueryError) -> ApiError {
    ApiError::BadRequest(err.to_string())
}

/// Classifies a reqwest failure: timeouts and the rest (connect, reset) differ.
pub(crate) fn transport_error(err: reqwest::Error) -> ApiError {
    // The URL may carry credentials (`https://user:pass@…`) and is the same for every
    // call: it is never part of a message.
    let err = err.without_url();
    if err.is_timeout() {
        ApiError::Timeout
    } else {
        // reqwest's Display omits the cause ("error sending request"); the source says
        // what happened (refused, reset, DNS).
        let mut message = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(cause) = source {
            message = format!("{message}: {cause}");
            source = cause.source();
        }
        ApiError::Unreachable(message)
    }
}

/// Maps an error status and its body (the spec's `Error`, or anything) to an [`ApiError`].
pub(crate) fn error_for(status: StatusCode, body: &[u8]) -> ApiError {
    let message = match serde_json::from_slice::<ErrorBody>(body) {
        Ok(error) => match error.details {
            Some(details) if !details.is_empty() => format!("{} ({details})", error.message),
            _ => error.message,
        },
        Err(_) => {
            let text = String::from_utf8_lossy(body);
            let text = text.trim();
            if text.is_empty() {
                status.canonical_reason().unwrap_or("no message").to_owned()
            } else {
                text.chars().take(200).collect()
            }
        }
    };
    match status {
        StatusCode::BAD_REQUEST => ApiError::BadRequest(message),
        StatusCode::UNAUTHORIZED => ApiError::Unauthorized(message),
        StatusCode::FORBIDDEN => ApiError::Forbidden(message),
        StatusCode::NOT_FOUND => ApiError::NotFound(message),
        other => ApiError::Upstream {
            status: other.as_u16(),
            message,
        },
    }
}

/// Decodes JSON, naming the JSON path where it stops matching the spec. An answer that
/// decodes is read once, without tracking the path (a tenth of a page's time when every
/// answer paid for it); only one that does not is read again to say where.
pub(crate) fn decode<T: DeserializeOwned>(what: &str, body: &[u8]) -> Result<T, ApiError> {
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|err| ApiError::Decode {
        what: what.to_owned(),
        at: format!("{}: {}", err.path(), err.inner()),
    })
}

/// Decodes a `WorkloadDetailed`. Its `allOf` is a `#[serde(flatten)]`, which hides
/// the JSON path of an error, so each half is decoded on its own to say where.
pub(super) fn decode_detailed(body: &[u8]) -> Result<WorkloadDetailed, ApiError> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct DetailOnly {
        #[serde(default)]
        pending_scheduling_messages:
            crate::model::Maybe<Vec<crate::model::PendingSchedulingMessage>>,
    }
    let value: serde_json::Value = decode("workload", body)?;
    let in_value = |err: serde_path_to_error::Error<serde_json::Error>| ApiError::Decode {
        what: "workload".to_owned(),
        at: format!("{}: {}", err.path(), err.inner()),
    };
    let workload = serde_path_to_error::deserialize(&value).map_err(in_value)?;
    let detail: DetailOnly = serde_path_to_error::deserialize(&value).map_err(in_value)?;
    Ok(WorkloadDetailed {
        workload,
        pending_scheduling_messages: detail.pending_scheduling_messages,
    })
}

pub(super) fn text(what: &str, body: bytes::Bytes) -> Result<String, ApiError> {
    String::from_utf8(body.to_vec()).map_err(|err| ApiError::Decode {
        what: what.to_owned(),
        at: format!("byte {}: not UTF-8", err.utf8_error().valid_up_to()),
    })
}

/// The asked-for types that appear in neither the measurements nor the histograms.
pub(super) fn missing_types(asked: &[MetricType], data: &MetricsResponse) -> Vec<MetricType> {
    let present = |wanted: &MetricType| {
        data.measurements.iter().any(|m| &m.type_ == wanted)
            || data
                .histogram
                .as_ref()
                .is_some_and(|h| h.iter().any(|s| &s.type_ == wanted))
    };
    asked.iter().filter(|t| !present(t)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::WorkloadList;

    #[test]
    fn error_bodies_map_to_typed_errors() {
        let body = br#"{"code":404,"message":"Workload not found","details":"id 42"}"#;
        assert_eq!(
            error_for(StatusCode::NOT_FOUND, body),
            ApiError::NotFound("Workload not found (id 42)".into())
        );
        assert_eq!(
            error_for(StatusCode::INTERNAL_SERVER_ERROR, b"<html>oops</html>"),
            ApiError::Upstream {
                status: 500,
                message: "<html>oops</html>".into()
            }
        );
        assert_eq!(
            error_for(StatusCode::FORBIDDEN, b""),
            ApiError::Forbidden("Forbidden".into())
        );
    }

    #[test]
    fn decode_errors_say_where() {
        let err =
            decode::<WorkloadList>("workload list", br#"{"workloads":[{"name":1}]}"#).unwrap_err();
        match err {
            ApiError::Decode { what, at } => {
                assert_eq!(what, "workload list");
                assert!(at.starts_with("workloads[0]"), "{at}");
            }
            other => panic!("{other:?}"),
        }
    }
}
