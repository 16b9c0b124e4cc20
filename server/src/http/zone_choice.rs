//! The viewer's time zone, kept between pages: the header's form asks for the page with
//! the choice in `zone`; the answer keeps it in a cookie and sends the browser to the
//! page's link with it in `tz` (none for the browser's own zone, the default). A page
//! asked for without `tz` by someone who chose a zone is sent to its link with their
//! zone, so the address always says which zone the page shows. A link that names its
//! zone is shown in it, whatever the cookie says: opening a colleague's link never
//! changes one's own choice.

use app::time_zone::{
    Zone,
    chooser::{CHOICE, COOKIE, is_page},
    zone::PARAM,
};
use axum::{
    extract::Request,
    http::{HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use runai::query::{QueryParams, encode_query};

/// A year: the choice lasts until changed.
const KEPT_S: u64 = 365 * 24 * 3600;

/// Keeps and applies the viewer's choice of zone on page requests.
pub async fn keep_zone(request: Request, next: Next) -> Response {
    if request.method() != Method::GET || !is_page(request.uri().path()) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    let params = QueryParams::parse(request.uri().query().unwrap_or_default());
    if let Some(chosen) = params.get(CHOICE) {
        // The header's form: keep what it names (if it is a zone) and go to the link.
        let zone = Zone::from_param(Some(chosen));
        let named = zone.as_ref().ok().and_then(Zone::param).map(str::to_owned);
        let tz = match &zone {
            Ok(_) => named.clone(),
            // Kept in the link, so the page says what was wrong with it.
            Err(_) => Some(chosen.trim().to_owned()),
        };
        let mut answer = Redirect::to(&link(&path, &params, tz.as_deref())).into_response();
        let cookie = match (&zone, named) {
            (Ok(_), Some(name)) => Some(format!(
                "{COOKIE}={}; Path=/; Max-Age={KEPT_S}; HttpOnly; SameSite=Lax",
                encode_query(&[("", name)]).trim_start_matches('=')
            )),
            (Ok(_), None) => Some(format!(
                "{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
            )),
            (Err(_), _) => None,
        };
        if let Some(value) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
            answer.headers_mut().append(header::SET_COOKIE, value);
        }
        return answer;
    }
    if params.get(PARAM).is_none()
        && let Some(kept) = kept_zone(&request)
    {
        return Redirect::to(&link(&path, &params, Some(&kept))).into_response();
    }
    next.run(request).await
}

/// The zone the viewer's cookie keeps, if it names one.
fn kept_zone(request: &Request) -> Option<String> {
    let cookies = request.headers().get_all(header::COOKIE);
    let value = cookies
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())?;
    let decoded = QueryParams::parse(&format!("z={value}"));
    let zone = Zone::from_param(decoded.get("z")).ok()?;
    zone.param().map(str::to_owned)
}

/// `path` with `params`, its zone set to `tz` (or left out) and the form's field gone.
fn link(path: &str, params: &QueryParams, tz: Option<&str>) -> String {
    let mut pairs: Vec<(&str, String)> = params
        .pairs()
        .filter(|(name, _)| *name != PARAM && *name != CHOICE)
        .map(|(name, value)| (name, value.to_owned()))
        .collect();
    if let Some(tz) = tz {
        pairs.push((PARAM, tz.to_owned()));
    }
    match encode_query(&pairs) {
        query if query.is_empty() => path.to_owned(),
        query => format!("{path}?{query}"),
    }
}

#[cfg(test)]
mod tests {
    use axum::{Router, body::Body, routing::get};
    use tower::ServiceExt;

    use super::*;

    async fn ask(uri: &str, cookie: Option<&str>) -> (u16, Option<String>, Option<String>) {
        let app = Router::new()
            .route("/workloads", get(|| async { "the table" }))
            .route("/api/x", get(|| async { "a function" }))
            .layer(axum::middleware::from_fn(keep_zone));
        let mut request = Request::get(uri);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let response = app
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let text = |name| {
            response
                .headers()
                .get(name)
                .map(|v: &HeaderValue| v.to_str().unwrap().to_owned())
        };
        (
            response.status().as_u16(),
            text(header::LOCATION),
            text(header::SET_COOKIE),
        )
    }

    #[tokio::test]
    async fn the_header_form_keeps_the_choice_and_the_link_carries_it() {
        let (status, to, cookie) = ask("/workloads?sortBy=name&zone=Asia%2FTokyo", None).await;
        assert_eq!(status, 303);
        assert_eq!(
            to.as_deref(),
            Some("/workloads?sortBy=name&tz=Asia%2FTokyo")
        );
        assert!(
            cookie
                .unwrap()
                .starts_with("runboard_tz=Asia%2FTokyo; Path=/;")
        );
        // The browser's zone again: forgotten, and left out of the link.
        let (_, to, cookie) = ask("/workloads?tz=UTC&zone=", None).await;
        assert_eq!(to.as_deref(), Some("/workloads"));
        assert!(cookie.unwrap().contains("Max-Age=0"));
        // Not a zone: nothing kept, and the page says what was wrong.
        let (_, to, cookie) = ask("/workloads?zone=Mars%2FOlympus", None).await;
        assert_eq!(to.as_deref(), Some("/workloads?tz=Mars%2FOlympus"));
        assert_eq!(cookie, None);
    }

    #[tokio::test]
    async fn a_kept_choice_reaches_every_page_link_that_names_no_zone() {
        let kept = Some("session=x; runboard_tz=Europe%2FBerlin");
        let (status, to, _) = ask("/workloads?sortBy=name", kept).await;
        assert_eq!(
            (status, to.as_deref()),
            (303, Some("/workloads?sortBy=name&tz=Europe%2FBerlin"))
        );
        // A link naming its zone is shown in it; functions and the choice-less are left alone.
        assert_eq!(ask("/workloads?tz=UTC", kept).await.0, 200);
        assert_eq!(ask("/api/x", kept).await.0, 200);
        assert_eq!(ask("/workloads", None).await.0, 200);
        assert_eq!(
            ask("/workloads", Some("runboard_tz=%3Cscript%3E")).await.0,
            200
        );
    }
}
