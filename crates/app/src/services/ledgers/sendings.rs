//! 报送记录 — sending the Friday package to the city: the package of every
//! closed provincial case not yet sent is built, kept byte for byte (sealed,
//! beside the attachments) and recorded with who sent it, when, and each
//! case with what its folder lacked; the next package starts after it.

use sha2::{Digest, Sha256};
use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_store::{NewSending, Sending};

use crate::files::{content_path, write_atomically};
use crate::services::ledgers::weekly_report::pending_package_with_progress;
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// A package just sent: its record and the zip to hand over.
#[derive(Debug, Clone)]
pub struct SentPackage {
    /// The 报送记录, with its cases.
    pub sending: Sending,
    /// The .zip as recorded.
    pub bytes: Vec<u8>,
}

/// Send the package (the district only): build it, keep the file, record
/// the sending. Refused as a conflict when someone else sent one meanwhile.
pub async fn send(state: &AppState, actor: &Actor) -> ServiceResult<SentPackage> {
    send_with_progress(state, actor, &|_, _| {}).await
}

/// [`send`], reporting progress as the cases' folders are built.
pub async fn send_with_progress(
    state: &AppState,
    actor: &Actor,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> ServiceResult<SentPackage> {
    check(actor, Permission::SendReport, &Place::Somewhere)?;
    let last = state.store.last_sending().await?;
    let package = pending_package_with_progress(state, actor, progress).await?;
    let sha256 = hex::encode(Sha256::digest(&package.bytes));
    let path = content_path(&state.config, &sha256);
    if !path.exists() {
        // The folders hold notices and scans with personal data: sealed like attachments.
        let sealed = state.store.seal_file(&package.bytes)?;
        write_atomically(&path, &sealed)
            .await
            .map_err(|e| ServiceError::Internal(format!("保存报送包失败：{e}")))?;
    }
    let new = NewSending {
        after: last.as_ref().map(|s| s.id),
        since: last.as_ref().map(|s| s.sent_at),
        filename: package.filename.clone(),
        sha256,
        size: package.bytes.len() as i64,
        cases: package.gaps.clone(),
    };
    let sending = state.store.record_sending(&new, actor, state.now()).await?;
    Ok(SentPackage {
        sending,
        bytes: package.bytes,
    })
}

/// Every package sent, newest first (the district only).
pub async fn sendings(state: &AppState, actor: &Actor) -> ServiceResult<Vec<Sending>> {
    check(actor, Permission::SendReport, &Place::Somewhere)?;
    Ok(state.store.sendings().await?)
}

/// One package sent, with its cases (the district only).
pub async fn sending(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<Sending> {
    check(actor, Permission::SendReport, &Place::Somewhere)?;
    Ok(state.store.sending(id).await?)
}

/// The .zip of a package exactly as it was sent, with its file name.
pub async fn sent_package(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> ServiceResult<(String, Vec<u8>)> {
    let s = sending(state, actor, id).await?;
    let stored = tokio::fs::read(content_path(&state.config, &s.sha256))
        .await
        .map_err(|e| ServiceError::Internal(format!("读取报送包失败：{e}")))?;
    let bytes = state.store.open_file(&stored)?;
    let sent = format!("第{}次报送", s.id);
    log_download(state, actor, &s, &sent).await?;
    Ok((
        s.filename.replace(".zip", &format!("（{sent}）.zip")),
        bytes,
    ))
}

/// The package carries notices and scans with personal data: each download is logged.
async fn log_download(
    state: &AppState,
    actor: &Actor,
    s: &Sending,
    sent: &str,
) -> ServiceResult<()> {
    let what = format!(
        "下载{sent}的报送包 {}（{} 件，含告知书、意见书和签收件）",
        s.filename, s.case_count
    );
    Ok(state
        .store
        .log_reveal(actor, "report_sending", s.id, &what, state.now())
        .await?)
}
