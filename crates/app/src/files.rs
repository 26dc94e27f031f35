//! Attachment files on disk: content-addressed paths, whole-or-nothing writes,
//! and sealing files stored before encryption at start-up.

use std::path::PathBuf;

use xinfang_store::Store;

use crate::config::Config;

/// Where the bytes of a given hash live.
pub fn content_path(config: &Config, sha256: &str) -> PathBuf {
    config.attachments_dir().join(&sha256[..2]).join(sha256)
}

/// Write a file whole or not at all: a temporary file beside it, synced,
/// then renamed over.
pub async fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().map(PathBuf::from).unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Unique per writer: two servers (or two uploads) never share one.
    let mut salt = [0u8; 8];
    getrandom::fill(&mut salt).map_err(std::io::Error::other)?;
    let tmp = dir.join(format!(".{name}.{}.tmp", hex::encode(salt)));
    tokio::fs::create_dir_all(&dir).await?;
    let mut f = tokio::fs::File::create(&tmp).await?;
    tokio::io::AsyncWriteExt::write_all(&mut f, bytes).await?;
    f.sync_all().await?;
    tokio::fs::rename(&tmp, path).await
}

/// Encrypt attachment files stored before encryption (run at start-up).
/// Returns how many were sealed.
pub async fn seal_stored_files(store: &Store, config: &Config) -> Result<usize, String> {
    let root = config.attachments_dir();
    let mut sealed = 0;
    let Ok(mut shards) = tokio::fs::read_dir(&root).await else {
        return Ok(0);
    };
    let io = |e: std::io::Error| format!("加密旧附件失败：{e}");
    while let Some(shard) = shards.next_entry().await.map_err(io)? {
        if !shard.file_type().await.map_err(io)?.is_dir() {
            continue;
        }
        let mut files = tokio::fs::read_dir(shard.path()).await.map_err(io)?;
        while let Some(file) = files.next_entry().await.map_err(io)? {
            let name = file.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !file.file_type().await.map_err(io)?.is_file() {
                continue;
            }
            // Only the first bytes tell: sealed files are not read whole.
            let mut head = [0u8; 16];
            let mut f = tokio::fs::File::open(file.path()).await.map_err(io)?;
            let n = tokio::io::AsyncReadExt::read(&mut f, &mut head)
                .await
                .map_err(io)?;
            drop(f);
            if xinfang_store::Vault::is_sealed_file(&head[..n]) {
                continue;
            }
            let stored = tokio::fs::read(file.path()).await.map_err(io)?;
            let sealed_bytes = store.seal_file(&stored).map_err(|e| e.to_string())?;
            write_atomically(&file.path(), &sealed_bytes)
                .await
                .map_err(io)?;
            sealed += 1;
        }
    }
    if sealed > 0 {
        tracing::info!(files = sealed, "attachments from before encryption sealed");
    }
    Ok(sealed)
}
