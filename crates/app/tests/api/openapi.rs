//! The OpenAPI document: valid OpenAPI 3.1, every API route in it, every JSON body typed.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::helpers::spawn_app;

/// The official OpenAPI 3.1 schema, vendored (see `tests/openapi/SOURCE.md`).
const OAS_31_SCHEMA: &str = include_str!("../openapi/oas-3.1-schema-2022-10-07.json");

async fn document() -> Value {
    let app = spawn_app().await;
    // Behind login on purpose (README, 安全): anyone signed in may read it.
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/openapi.json"))
        .bearer_auth(app.token("ducha").await)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            out.push((method.to_uppercase(), path.clone(), op));
        }
    }
    out
}

#[tokio::test]
async fn the_document_validates_against_the_openapi_31_schema() {
    let doc = document().await;
    let schema: Value = serde_json::from_str(OAS_31_SCHEMA).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid OpenAPI 3.1:\n{}",
        errors.join("\n")
    );
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));

    // The validator does catch what client generators reject: a response
    // without its description.
    let mut broken = doc.clone();
    let (_, path, _) = operations(&doc)
        .into_iter()
        .find(|(m, p, _)| m == "GET" && p == "/api/v1/cases")
        .unwrap();
    broken["paths"][&path]["get"]["responses"]["200"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    assert!(
        !validator.is_valid(&broken),
        "a response without a description is refused"
    );
}

#[tokio::test]
async fn every_api_route_is_documented_with_its_method() {
    let doc = document().await;
    let documented: BTreeSet<(String, String)> = operations(&doc)
        .into_iter()
        .map(|(m, p, _)| (m, p))
        .collect();
    let routes: Vec<(String, String)> = xinfang::web::route_table()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/v1/"))
        .map(|r| (r.method.to_string(), r.path))
        .collect();
    assert!(routes.len() > 25, "the route table lists the API");
    let missing: Vec<_> = routes.iter().filter(|r| !documented.contains(*r)).collect();
    assert!(
        missing.is_empty(),
        "routes not in the document: {missing:?}"
    );
    let extra: Vec<_> = documented.iter().filter(|d| !routes.contains(d)).collect();
    assert!(extra.is_empty(), "documented but not routed: {extra:?}");
}

/// A JSON schema that says what its fields are: a named component, or
/// one that lists properties, items or alternatives.
fn described(schema: &Value) -> bool {
    schema.get("$ref").is_some()
        || schema.get("properties").is_some()
        || schema.get("allOf").is_some()
        || schema.get("oneOf").is_some()
        || schema.get("items").is_some_and(described)
}

#[tokio::test]
async fn every_json_body_is_a_typed_schema() {
    let doc = document().await;
    let mut untyped = Vec::new();
    for (method, path, op) in operations(&doc) {
        if path == "/api/v1/openapi.json" {
            continue;
        }
        let bodies = op["requestBody"]["content"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(ct, c)| (format!("request {ct}"), c))
            .chain(
                op["responses"]
                    .as_object()
                    .expect("responses")
                    .iter()
                    .flat_map(|(status, r)| {
                        r["content"]
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(move |(ct, c)| (format!("{status} {ct}"), c))
                    }),
            );
        for (what, content) in bodies {
            let json_like =
                what.ends_with("application/json") || what.ends_with("multipart/form-data");
            if json_like && !described(&content["schema"]) {
                untyped.push(format!("{method} {path} {what}: {}", content["schema"]));
            }
        }
    }
    assert!(
        untyped.is_empty(),
        "bodies without a typed schema:\n{}",
        untyped.join("\n")
    );
    // Bodies that may be left empty are not required; the others are.
    for path in ["/api/v1/notifications/read", "/api/v1/screenings/{id}/case"] {
        assert_ne!(
            doc["paths"][path]["post"]["requestBody"]["required"], true,
            "{path}: an empty body is accepted"
        );
    }
    assert_eq!(
        doc["paths"]["/api/v1/cases"]["post"]["requestBody"]["required"],
        true
    );
    // The registration body lists the form's fields.
    let reg = &doc["components"]["schemas"]["RegistrationInput"]["properties"];
    for field in [
        "kind",
        "received_at",
        "township_id",
        "petitioner_id_number",
        "repeat_decision",
    ] {
        assert!(reg[field].is_object(), "RegistrationInput.{field}");
    }
}
