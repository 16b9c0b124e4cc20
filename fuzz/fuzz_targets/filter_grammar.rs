//! The `filterBy` grammar under libFuzzer: any text either is refused with an error or
//! parses to a filter that prints back to the same filter, alone and inside a list
//! query's `filterBy` (comma-separated, percent-encoded), and nothing panics.
#![no_main]

use runai::query::{Filter, ListQuery, encode_query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(filter) = text.parse::<Filter>() {
        let printed = filter.to_string();
        assert_eq!(printed.parse::<Filter>(), Ok(filter), "{text:?} → {printed:?}");
    }
    let query = encode_query(&[("filterBy", text.to_owned())]);
    if let Ok(list) = ListQuery::parse(&query) {
        assert_eq!(ListQuery::parse(&list.to_query_string()), Ok(list), "{query:?}");
    }
});
