// The body of the `notice` fuzz target (fuzz/fuzz_targets/notice.rs), also
// replayed over fuzz/seeds/notice by crates/forms/tests/fuzz_replay.rs: the
// two notices typeset from arbitrary case text (fields separated by `|`).
// They must print or refuse with a clear error naming a field (an empty
// field, a character the font lacks), never panic and never fail in typst.
// Included with `include!`, so no `use` items.

/// One fuzz input, as the text of the notices' fields.
pub fn fuzz_notice(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('|').map(str::to_string);
    let mut next = || parts.next().unwrap_or_default();
    let day = jiff::civil::date(2022, 3, 7);
    let petitioner = xinfang_forms::notice::Petitioner {
        name: next(),
        phone: next(),
        id_number: next(),
        address: next(),
        companions: next(),
    };
    let handler = xinfang_forms::notice::Handler {
        unit: next(),
        person: next(),
        phone: next(),
    };
    let signature = xinfang_forms::notice::Signature {
        issuer: next(),
        signed_on: Some(day),
    };
    let delivery = xinfang_forms::notice::Delivery {
        delivered_on: None,
        deliverer: next(),
        phone: String::new(),
    };
    let case_number = format!("建安信访〔2022〕{}号", next());
    let matter = next();
    let font = xinfang_forms::notice::NoticeFont::embedded();
    let acceptance = xinfang_forms::notice::AcceptanceNotice {
        case_number: case_number.clone(),
        petitioner: petitioner.clone(),
        petition_date: day,
        petition_form: next(),
        matter: matter.clone(),
        handler: handler.clone(),
        reply_by: jiff::civil::date(2022, 3, 17),
        signature: signature.clone(),
        delivery: delivery.clone(),
    };
    fuzz_clear(xinfang_forms::notice::acceptance_pdf(&acceptance, &font));
    let opinion = xinfang_forms::notice::HandlingOpinion {
        case_number,
        petitioner,
        matter,
        handler,
        text: xinfang_forms::notice::OpinionText {
            request: next(),
            facts: next(),
            reasons: next(),
            opinion: next(),
            legal_basis: next(),
        },
        review_body: Some(next()),
        signature,
        delivery,
    };
    fuzz_clear(xinfang_forms::notice::opinion_pdf(&opinion, &font));
}

/// A PDF, or an error that names what to fix; typst failing is a bug.
fn fuzz_clear(result: Result<Vec<u8>, xinfang_forms::notice::NoticeError>) {
    match result {
        Ok(pdf) => assert!(pdf.starts_with(b"%PDF-"), "not a PDF"),
        Err(xinfang_forms::notice::NoticeError::Typeset(e)) => panic!("typst failed: {e}"),
        // A control character is dropped, never reported as missing from the
        // font: that made a case's notices fail for ever.
        Err(xinfang_forms::notice::NoticeError::MissingGlyphs { chars, .. }) => {
            assert!(!chars.iter().any(|c| c.is_control()), "{chars:?}")
        }
        Err(_) => {}
    }
}
