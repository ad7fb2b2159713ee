//! Property tests (proptest, native only): the client's response decoding and the list's
//! URL parsing never panic on arbitrary input, and every error has a sentence for the admin.
#![cfg(not(target_arch = "wasm32"))]

use ai_client::response::{self, HttpResponse};
use ai_client::{ApiError, Token};
use proptest::prelude::*;
use serde_json::Value;
use token_admin::tokens::list_state::{ListState, PAGE_SIZES};
use token_admin::ui::ApiErrorText;

/// Arbitrary bytes read as UTF-8 with replacement characters, as a browser would.
fn lossy_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<u8>(), 0..200)
        .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

/// Arbitrary JSON: scalars, arrays and objects, nested a few levels, with keys the
/// decoders look for mixed among random ones.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("id".to_owned()),
        Just("name".to_owned()),
        Just("metadata".to_owned()),
        Just("version".to_owned()),
        Just("message".to_owned()),
        Just("details".to_owned()),
        Just("type".to_owned()),
        Just("field".to_owned()),
        Just("force".to_owned()),
        Just("fault".to_owned()),
        Just("detail".to_owned()),
        Just("errorcode".to_owned()),
        Just("access_token".to_owned()),
        Just("expires_in".to_owned()),
        Just("scope".to_owned()),
        any::<String>(),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        Just(Value::from("force")),
        Just(Value::from("tenant=demo ai.agent_read")),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A body: random text, random JSON, or JSON cut short.
fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        lossy_text(),
        json_value().prop_map(|v| v.to_string()),
        (json_value(), any::<prop::sample::Index>()).prop_map(|(v, cut)| {
            let text = v.to_string();
            let end = cut.index(text.len() + 1);
            text.char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .take_while(|i| *i <= end)
                .last()
                .map_or(String::new(), |end| text[..end].to_owned())
        }),
    ]
}

/// An `X-Total-Count` header: absent, a number (maybe padded or signed), or garbage.
fn total_count() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        any::<u64>().prop_map(|n| Some(n.to_string())),
        (any::<i64>(), "[ \t]{0,2}").prop_map(|(n, pad)| Some(format!("{pad}{n}{pad}"))),
        lossy_text().prop_map(Some),
    ]
}

fn http_response() -> impl Strategy<Value = HttpResponse> {
    let status = prop_oneof![
        any::<u16>(),
        prop::sample::select(vec![200, 201, 204, 400, 401, 403, 404, 409, 413, 500, 502]),
    ];
    (status, total_count(), body()).prop_map(|(status, total_count, body)| HttpResponse {
        status,
        total_count,
        body,
    })
}

/// What every error must offer the admin: some words, and the status it came with.
fn check_error(error: &ApiError, response: &HttpResponse) -> Result<(), TestCaseError> {
    let message = error.user_message();
    prop_assert!(
        message.chars().any(char::is_alphanumeric),
        "no sentence for {error:?}: {message:?}"
    );
    prop_assert_eq!(error.status(), Some(response.status), "{:?}", error);
    Ok(())
}

/// The same check for every outcome of a decoder.
fn check<T>(outcome: Result<T, ApiError>, response: &HttpResponse) -> Result<(), TestCaseError> {
    match outcome {
        Ok(_) => {
            prop_assert!((200..300).contains(&response.status), "{}", response.status);
            Ok(())
        }
        Err(error) => check_error(&error, response),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn lists_decode_or_explain(response in http_response()) {
        check(response::list::<Token>(&response), &response)?;
        check(response::documents(&response), &response)?;
    }

    #[test]
    fn total_count_is_the_number_or_nothing(total in total_count()) {
        let response = HttpResponse { status: 200, total_count: total.clone(), body: "[]".into() };
        let page = response::list::<Token>(&response).expect("an empty array is a page");
        let expected = total.as_deref().and_then(|t| t.trim().parse::<u64>().ok());
        prop_assert_eq!(page.total, expected);
    }

    #[test]
    fn single_answers_decode_or_explain(response in http_response()) {
        check(response::token(&response), &response)?;
        check(response::saved(&response), &response)?;
        check(response::no_content(&response), &response)?;
    }

    #[test]
    fn grants_decode_or_explain(response in http_response()) {
        match response::grant(&response) {
            Ok(grant) => {
                prop_assert!((200..300).contains(&response.status));
                prop_assert!(!grant.access_token.is_empty());
            }
            Err(error) => check_error(&error, &response)?,
        }
    }

    #[test]
    fn every_failure_status_is_an_error_with_a_sentence(
        status in 0u16..1000,
        body in body(),
    ) {
        prop_assume!(!(200..300).contains(&status));
        let response = HttpResponse { status, total_count: None, body: body.clone() };
        let error = response::error(status, &body);
        check_error(&error, &response)?;
        if status == 401 {
            let unauthorized = error.is_unauthorized() || matches!(error, ApiError::ForceRequired { .. });
            prop_assert!(unauthorized, "{:?}", error);
        }
    }

    #[test]
    fn list_urls_never_panic_and_stay_in_range(query in lossy_text()) {
        let state = ListState::from_query_string(&query);
        prop_assert!(state.page >= 1);
        prop_assert!(PAGE_SIZES.contains(&state.size));
        let again = ListState::from_query_string(&state.to_query_string());
        prop_assert_eq!(&again, &state);
        let _ = state.to_list_query(&["id", "name"]);
    }

    #[test]
    fn list_urls_with_known_names_never_panic(
        pairs in proptest::collection::vec(
            (prop::sample::select(vec!["q", "raw", "page", "size", "sort", "x", ""]), lossy_text()),
            0..6,
        ),
        prefix in any::<bool>(),
    ) {
        let query: Vec<String> = pairs.iter().map(|(name, value)| format!("{name}={value}")).collect();
        let query = format!("{}{}", if prefix { "?" } else { "" }, query.join("&"));
        let state = ListState::from_query_string(&query);
        prop_assert!(state.page >= 1);
        prop_assert!(PAGE_SIZES.contains(&state.size));
        prop_assert_eq!(ListState::from_query_string(&state.to_query_string()), state.clone());
        let _ = state.to_list_query(&["id"]);
    }
}
