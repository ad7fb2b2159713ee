//! The official AI Service spec (`ai-service.official.api.yml`) as the judge of JSON bodies.
//! Test code only, shared by including this file with `#[path]`: the emulator's API tests
//! check every response against it, ai-client's tests every request body it builds. The
//! including crate needs `serde_json`, `serde_norway` and `jsonschema`.

use serde_json::Value;

const SPEC: &str = include_str!("ai-service.official.api.yml");

/// `oneOf` alternatives in the spec overlap (`IdResponse` requires nothing, so every
/// expanded token also matches it; custom and dynamic MCP servers share every required
/// field), so no document could match exactly one: they are read as `anyOf`.
fn one_of_as_any_of(node: &mut Value) {
    match node {
        Value::Object(map) => {
            if let Some(alternatives) = map.remove("oneOf") {
                map.insert("anyOf".into(), alternatives);
            }
            map.values_mut().for_each(one_of_as_any_of);
        }
        Value::Array(items) => items.iter_mut().for_each(one_of_as_any_of),
        _ => {}
    }
}

/// The parsed spec.
pub struct Contract {
    /// The whole document, `oneOf` read as `anyOf`.
    pub spec: Value,
}

impl Contract {
    /// Parses the spec.
    pub fn load() -> Self {
        let mut spec: Value = serde_norway::from_str(SPEC).expect("the spec is YAML");
        one_of_as_any_of(&mut spec);
        Self { spec }
    }

    /// `node`, following `$ref`s within the spec.
    pub fn resolve<'a>(&'a self, mut node: &'a Value) -> &'a Value {
        while let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let pointer = reference.trim_start_matches('#');
            node = self
                .spec
                .pointer(pointer)
                .unwrap_or_else(|| panic!("dangling $ref {reference}"));
        }
        node
    }

    /// The operation `method` (lower case) on the spec path `path`; panics when the spec
    /// has none.
    pub fn operation(&self, method: &str, path: &str) -> &Value {
        let operation = &self.spec["paths"][path][method];
        assert!(operation.is_object(), "the spec has no {method} {path}");
        operation
    }

    /// The JSON schema of the request body of `method path`.
    pub fn request_schema(&self, method: &str, path: &str) -> Value {
        let body = self.resolve(&self.operation(method, path)["requestBody"]);
        body.pointer("/content/application~1json/schema")
            .unwrap_or_else(|| panic!("{method} {path} takes no JSON body"))
            .clone()
    }

    /// A validator for `schema`, whose `$ref`s point into the spec's components.
    pub fn validator(&self, schema: Value) -> jsonschema::Validator {
        let mut root = schema;
        root["components"] = self.spec["components"].clone();
        jsonschema::validator_for(&root).expect("a valid schema")
    }

    /// Why `body` does not match `schema`: one line per problem, empty when it matches.
    pub fn errors(&self, schema: Value, body: &Value) -> Vec<String> {
        self.validator(schema)
            .iter_errors(body)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect()
    }
}
