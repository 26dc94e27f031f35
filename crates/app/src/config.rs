//! Configuration: one typed struct from flags and `XINFANG_*` variables, with defaults that need nothing.

use std::path::PathBuf;

/// Everything the running system can be told. Every field has a default so
/// `xinfang serve` works with no configuration at all.
#[derive(Clone)]
pub struct Config {
    /// Where the SQLite database and attachments live (`XINFANG_DATA_DIR`,
    /// default `./xinfang-data`).
    pub data_dir: PathBuf,
    /// Database URL (`XINFANG_DATABASE_URL`); default an SQLite file in `data_dir`.
    /// A `postgres://` URL selects PostgreSQL.
    pub database_url: Option<String>,
    /// Address to listen on (`XINFANG_BIND`, default `127.0.0.1:8080`).
    pub bind: String,
    /// Prefix of case numbers (`XINFANG_CASE_PREFIX`, default `建安信访`).
    pub case_prefix: String,
    /// Hours a login session lasts without activity (default 8).
    pub session_hours: i64,
    /// Days an API token works after it is made (`XINFANG_TOKEN_DAYS`, default 180).
    pub token_days: i64,
    /// Largest accepted upload in bytes (default 20 MiB).
    pub max_upload_bytes: usize,
    /// Failed logins before the account locks (default 5).
    pub lockout_failures: i64,
    /// Minutes an account stays locked (default 15).
    pub lockout_minutes: i64,
    /// Send the Secure flag on cookies (set when served over HTTPS).
    pub secure_cookies: bool,
    /// 临期预警 from the last this-many percent of a milestone's span (`XINFANG_WARN_PERCENT`, default 25).
    pub warn_percent: u8,
    /// …or from its last this-many working days (`XINFANG_WARN_WORKING_DAYS`, default 1), whichever is earlier.
    pub warn_working_days: u32,
    /// A licensed 公文 font for notices (`XINFANG_NOTICE_FONT`, e.g. 仿宋_GB2312);
    /// default the embedded Noto Serif CJK SC.
    pub notice_font: Option<PathBuf>,
    /// The data key for personal data at rest (`XINFANG_DATA_KEY`, 64 hex
    /// digits); default the `data.key` file in `data_dir`, made on first start.
    pub data_key: Option<String>,
    /// The audit key that keys the audit chain and the notices' 验证码
    /// (`XINFANG_AUDIT_KEY`, 64 hex digits); default the `audit.key` file in
    /// `data_dir`, made on first start. Never stored in the database.
    pub audit_key: Option<String>,
    /// The address people reach this server at, for the QR codes on notices
    /// (`XINFANG_PUBLIC_URL`, e.g. `https://xinfang.jianan.gov.cn`); default
    /// `http://` and the bind address.
    pub public_url: Option<String>,
    /// Scheduled backups (`serve --backup-dir`), none by default.
    pub backup: Option<BackupSchedule>,
}

/// 定期备份 — where `serve` writes its scheduled backups, how often, and how many it keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSchedule {
    /// The directory the backups go to (`--backup-dir`), made if missing.
    pub dir: PathBuf,
    /// Time between two backups (`--backup-every`, default 24 hours).
    pub every: std::time::Duration,
    /// How many of the newest backups to keep (`--backup-keep`, default 14).
    pub keep: usize,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &self.database_url.as_deref().map(xinfang_store::redact_url),
            )
            .field("bind", &self.bind)
            .field("case_prefix", &self.case_prefix)
            .field("session_hours", &self.session_hours)
            .field("token_days", &self.token_days)
            .field("max_upload_bytes", &self.max_upload_bytes)
            .finish_non_exhaustive()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("xinfang-data"),
            database_url: None,
            bind: "127.0.0.1:8080".into(),
            case_prefix: "建安信访".into(),
            session_hours: 8,
            token_days: 180,
            max_upload_bytes: 20 * 1024 * 1024,
            lockout_failures: 5,
            lockout_minutes: 15,
            secure_cookies: false,
            notice_font: None,
            data_key: None,
            audit_key: None,
            public_url: None,
            warn_percent: 25,
            warn_working_days: 1,
            backup: None,
        }
    }
}

impl Config {
    /// Defaults overridden by `XINFANG_*` environment variables.
    pub fn from_env() -> Config {
        let mut c = Config::default();
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        if let Some(v) = var("XINFANG_CASE_PREFIX") {
            c.case_prefix = v;
        }
        if let Some(v) = var("XINFANG_SESSION_HOURS").and_then(|v| v.parse().ok()) {
            c.session_hours = v;
        }
        if let Some(v) = var("XINFANG_TOKEN_DAYS")
            .and_then(|v| v.parse::<i64>().ok())
            .filter(|d| *d > 0)
        {
            c.token_days = v;
        }
        if let Some(v) = var("XINFANG_MAX_UPLOAD_BYTES").and_then(|v| v.parse().ok()) {
            c.max_upload_bytes = v;
        }
        if let Some(v) = var("XINFANG_WARN_PERCENT").and_then(|v| v.parse().ok()) {
            c.warn_percent = v;
        }
        if let Some(v) = var("XINFANG_WARN_WORKING_DAYS").and_then(|v| v.parse().ok()) {
            c.warn_working_days = v;
        }
        if let Some(v) = var("XINFANG_NOTICE_FONT") {
            c.notice_font = Some(PathBuf::from(v));
        }
        if let Some(v) = var("XINFANG_DATA_KEY") {
            c.data_key = Some(v);
        }
        if let Some(v) = var("XINFANG_AUDIT_KEY") {
            c.audit_key = Some(v);
        }
        if let Some(v) = var("XINFANG_PUBLIC_URL") {
            c.public_url = Some(v);
        }
        if let Some(v) = var("XINFANG_SECURE_COOKIES") {
            c.secure_cookies = xinfang_domain::errors::truthy(&v);
        }
        c
    }

    /// The data key: `XINFANG_DATA_KEY`, else `data.key` in the data
    /// directory, created (readable by the owner only) when missing.
    pub fn data_key(&self) -> Result<xinfang_store::DataKey, String> {
        let hex = self.key_hex(
            self.data_key.as_deref(),
            "XINFANG_DATA_KEY",
            "data.key",
            || xinfang_store::DataKey::generate().map(|k| k.to_hex()),
        )?;
        xinfang_store::DataKey::from_hex(&hex.text).map_err(|e| format!("{} 有误：{e}", hex.source))
    }

    /// The audit key: `XINFANG_AUDIT_KEY`, else `audit.key` in the data
    /// directory, created (readable by the owner only) when missing.
    pub fn audit_key(&self) -> Result<xinfang_store::AuditKey, String> {
        let hex = self.key_hex(
            self.audit_key.as_deref(),
            "XINFANG_AUDIT_KEY",
            "audit.key",
            || xinfang_store::AuditKey::generate().map(|k| k.to_hex()),
        )?;
        xinfang_store::AuditKey::from_hex(&hex.text)
            .map_err(|e| format!("{} 有误：{e}", hex.source))
    }

    /// One key's hex digits: from the variable `var` when set (`given`),
    /// else from `file` in the data directory, made with `generate` when missing.
    fn key_hex(
        &self,
        given: Option<&str>,
        var: &str,
        file: &str,
        generate: impl FnOnce() -> xinfang_store::StoreResult<String>,
    ) -> Result<KeyHex, String> {
        if let Some(hex) = given {
            return Ok(KeyHex {
                text: hex.to_string(),
                source: var.to_string(),
            });
        }
        let path = self.data_dir.join(file);
        let source = format!("密钥文件 {}", path.display());
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(KeyHex { text, source }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let text = generate().map_err(|e| e.to_string())?;
                write_key_file(&path, &text)
                    .map_err(|e| format!("无法创建密钥文件 {}：{e}", path.display()))?;
                tracing::warn!(path = %path.display(), "created a key file; back it up apart from the database and its backups — without it the data it keys cannot be read or verified");
                Ok(KeyHex { text, source })
            }
            Err(e) => Err(format!("无法读取密钥文件 {}：{e}", path.display())),
        }
    }

    /// Where people reach this server: `XINFANG_PUBLIC_URL`, else `http://` and
    /// the bind address; without a trailing slash.
    pub fn public_base_url(&self) -> String {
        match &self.public_url {
            Some(u) => u.trim().trim_end_matches('/').to_string(),
            None => format!("http://{}", self.bind.trim()),
        }
    }

    /// The database URL in effect.
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(u) => u.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("xinfang.db").display()
            ),
        }
    }

    /// Where attachment contents are kept, by hash.
    pub fn attachments_dir(&self) -> PathBuf {
        self.data_dir.join("attachments")
    }
}

/// A key's hex digits and where they came from (for messages).
struct KeyHex {
    text: String,
    source: String,
}

/// Write a new key file that only its owner may read, never replacing one.
fn write_key_file(path: &std::path::Path, hex: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path)?;
    f.write_all(hex.as_bytes())?;
    f.write_all(b"\n")?;
    f.sync_all()
}
