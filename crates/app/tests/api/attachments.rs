//! Attachments: type checks by content, size limit, path tricks, content addressing.

use crate::helpers::{Api, Options, register, registration, spawn_app, spawn_app_with};

#[tokio::test]
async fn files_are_checked_by_content_and_stored_by_hash() {
    let app = spawn_app().await;
    let id = register(&app, registration(&app, "", "危房改造").await).await["id"]
        .as_i64()
        .unwrap();
    let api = Api::new(&app, "zhangpan").await;
    let pdf = b"%PDF-1.4\n%signed notice\n".to_vec();
    let (s, a) = api
        .upload(id, "../../etc/受理告知书.pdf", pdf.clone())
        .await;
    assert_eq!(s, 201, "{a}");
    assert_eq!(
        a["filename"], "受理告知书.pdf",
        "path tricks in names do nothing"
    );
    let sha = a["sha256"].as_str().unwrap();
    let on_disk = app.state.config.attachments_dir().join(&sha[..2]).join(sha);
    let stored = std::fs::read(&on_disk).unwrap();
    assert!(stored.starts_with(b"XFSM4GCM1\n"), "stored encrypted");
    assert!(
        !stored.windows(13).any(|w| w == b"signed notice"),
        "no plaintext on disk"
    );

    let r = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/attachments/{}", a["id"])))
        .bearer_auth(app.token("zhangpan").await)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);

    // A file stored before encryption is served as it is, and sealed when
    // the server next starts.
    std::fs::write(&on_disk, &pdf).unwrap();
    let (_, back) = xinfang::services::cases::attachments::download(
        &app.state,
        &crate::helpers::actor(&app, "zhangpan").await,
        a["id"].as_i64().unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(back, pdf);
    let reopened = xinfang::state::AppState::open((*app.state.config).clone())
        .await
        .unwrap();
    assert!(std::fs::read(&on_disk).unwrap().starts_with(b"XFSM4GCM1\n"));
    let (_, back) = xinfang::services::cases::attachments::download(
        &reopened,
        &crate::helpers::actor(&app, "zhangpan").await,
        a["id"].as_i64().unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(back, pdf);

    let (s, err) = api
        .upload(id, "photo.pdf", b"<html><script>x</script>".to_vec())
        .await;
    assert_eq!(s, 422, "{err}");
    assert_eq!(err["fields"][0]["field"], "file");
    let (s, err) = api
        .upload(id, "photo.png", vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2])
        .await;
    assert_eq!(s, 422, "a JPEG named .png is refused: {err}");
    let (s, _) = api.upload(id, "empty.pdf", Vec::new()).await;
    assert_eq!(s, 422);

    let (_, c) = api.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(c["attachments"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn oversize_uploads_are_refused() {
    let app = spawn_app_with(Options {
        max_upload_bytes: Some(1024),
    })
    .await;
    let id = register(&app, registration(&app, "", "危房改造").await).await["id"]
        .as_i64()
        .unwrap();
    let api = Api::new(&app, "quju").await;
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(4096, b'0');
    let (s, err) = api.upload(id, "big.pdf", big).await;
    assert_eq!(s, 422, "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("附件超过 1 KB 上限"),
        "{err}"
    );
    let (_, c) = api.get(&format!("/api/v1/cases/{id}")).await;
    assert!(c["attachments"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn an_oversize_ledger_is_refused_by_the_same_reader() {
    let app = spawn_app_with(Options {
        max_upload_bytes: Some(1024),
    })
    .await;
    let (s, err) =
        crate::ledgers::import(&app, "zhangpan", "annex1", vec![b'x'; 4096], false).await;
    assert_eq!(s, 422, "{err}");
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["fields"][0]["field"], "file");
    assert_eq!(err["fields"][0]["label"], "台账文件");
    assert_eq!(err["fields"][0]["message"], "台账文件超过 1 KB 上限");
}
