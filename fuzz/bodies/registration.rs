// The body of the `registration` fuzz target (fuzz/fuzz_targets/registration.rs),
// also replayed over fuzz/seeds/registration by crates/domain/tests/fuzz_replay.rs:
// a registration JSON body as the API reads it (numbers and booleans become
// text), then the domain's parse. It must answer, never panic; what it
// accepts holds no control character but line breaks and tabs.
// Included with `include!`, so no `use` items: every path is spelled out.

/// JSON numbers and booleans as text, as the API's `stringify` does.
fn fuzz_stringify(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Number(n) => serde_json::Value::String(n.to_string()),
        serde_json::Value::Bool(b) => serde_json::Value::String(if b { "是" } else { "否" }.into()),
        serde_json::Value::Array(a) => {
            serde_json::Value::Array(a.into_iter().map(fuzz_stringify).collect())
        }
        serde_json::Value::Object(o) => serde_json::Value::Object(
            o.into_iter().map(|(k, v)| (k, fuzz_stringify(v))).collect(),
        ),
        other => other,
    }
}

fn fuzz_clean(text: &str) -> bool {
    !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

fn fuzz_check_accepted(case: &xinfang_domain::case::NewCase) {
    assert!(fuzz_clean(&case.summary), "{:?}", case.summary);
    for text in [&case.remarks, &case.backlog_reason].into_iter().flatten() {
        assert!(fuzz_clean(text), "{text:?}");
    }
    if let Some(p) = &case.petitioner {
        assert!(!p.name.contains(['\n', '\t']) && fuzz_clean(&p.name), "{:?}", p.name);
        if let Some(id) = &p.id_number {
            assert!(xinfang_domain::ident::is_known_region(id.address_code()));
            assert!(id.birth_date() <= xinfang_domain::clock::local_date(case.received_at));
        }
    }
    assert!(case.received_at >= xinfang_domain::clock::earliest_record());
}

/// One fuzz input: as a JSON body, and as the text of every field at once.
pub fn fuzz_registration(data: &[u8]) {
    if let Ok(raw) = serde_json::from_slice::<serde_json::Value>(data)
        && let Ok(input) = serde_json::from_value::<xinfang_domain::case::RegistrationInput>(
            fuzz_stringify(raw),
        )
        && let Ok(case) = input.parse()
    {
        fuzz_check_accepted(&case);
    }
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('|').map(str::to_string);
    let mut next = || parts.next().unwrap_or_default();
    let input = xinfang_domain::case::RegistrationInput {
        kind: next(),
        channel: next(),
        source_level: next(),
        key_assigned: next(),
        received_at: next(),
        township_id: next(),
        summary: next(),
        category: next(),
        petitioner_name: next(),
        petitioner_id_number: next(),
        petitioner_phone: next(),
        petitioner_address: next(),
        companions: next(),
        posted_at: next(),
        backlog: next(),
        remarks: next(),
        escalated_to: next(),
        ..Default::default()
    };
    if let Ok(case) = input.parse() {
        fuzz_check_accepted(&case);
    }
}
