// The body of the `step_input` fuzz target (fuzz/fuzz_targets/step_input.rs),
// also replayed over fuzz/seeds/step_input by crates/domain/tests/fuzz_replay.rs:
// a step's JSON body as the API reads it, parsed for every step name at a
// fixed time. It must answer, never panic. Included with `include!`, so no
// `use` items; `fuzz_stringify` comes from bodies/registration.rs.

/// Every step a case can take (`POST /api/v1/cases/{id}/steps/{step}`).
const FUZZ_STEPS: &[&str] = &[
    "assign", "contact", "visit", "report", "opinion", "return_visit", "close", "send_back",
    "urge", "comment", "escalate", "reopen", "deliver", "review", "request_extension", "extend",
    "nonsense",
];

/// One fuzz input: as a JSON body, and as the text of every field at once.
pub fn fuzz_step_input(data: &[u8]) {
    let now = jiff::Timestamp::from_second(1_700_000_000).expect("a fixed time");
    let mut inputs = Vec::new();
    if let Ok(raw) = serde_json::from_slice::<serde_json::Value>(data)
        && let Ok(input) =
            serde_json::from_value::<xinfang_domain::workflow::StepInput>(fuzz_stringify(raw))
    {
        inputs.push(input);
    }
    let text = String::from_utf8_lossy(data).into_owned();
    inputs.push(xinfang_domain::workflow::StepInput {
        unit_id: text.clone(),
        co_unit_ids: text.split('|').map(str::to_string).collect(),
        at: text.clone(),
        method: text.clone(),
        place: text.clone(),
        notice_signed: text.clone(),
        report_kind: text.clone(),
        finding: text.clone(),
        tri_reasonable: text.clone(),
        opinion: text.clone(),
        satisfaction: text.clone(),
        stable: text.clone(),
        note: text.clone(),
        document: text.clone(),
        deliverer: text.clone(),
        stage: text.clone(),
        late_reason: text.clone(),
        milestone: text.clone(),
        days: text.clone(),
        petitioner_told: text,
        ..Default::default()
    });
    for input in &inputs {
        for step in FUZZ_STEPS {
            let _ = input.parse(step, now);
        }
    }
}
