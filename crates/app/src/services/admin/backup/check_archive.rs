//! Reading a backup archive back: its manifest, and every entry checked against it before anything is restored.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{
    FORMAT, FORMAT_VERSION, MANIFEST, Manifest, attachment_entry_name, is_key_file,
    table_entry_name,
};

/// An opened backup archive.
pub type Archive = zip::ZipArchive<File>;

/// Open the archive at `path` and read its manifest, refusing one this
/// binary cannot restore (another format, a newer layout or schema).
pub fn open(path: &Path) -> Result<(Archive, Manifest), String> {
    let file = File::open(path).map_err(|e| format!("无法打开备份文件 {}：{e}", path.display()))?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| format!("备份文件 {} 不是有效的备份（zip）：{e}", path.display()))?;
    let mut text = String::new();
    zip.by_name(MANIFEST)
        .map_err(|_| format!("备份文件中没有清单 {MANIFEST}"))?
        .read_to_string(&mut text)
        .map_err(|e| format!("无法读取备份清单：{e}"))?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| format!("备份清单有误：{e}"))?;
    if manifest.format != FORMAT {
        return Err(format!("备份清单的格式“{}”不是 {FORMAT}", manifest.format));
    }
    if manifest.format_version > FORMAT_VERSION {
        return Err(format!(
            "备份格式版本 {} 比本程序支持的（{FORMAT_VERSION}）新，请用更新的 xinfang 恢复",
            manifest.format_version
        ));
    }
    let latest = xinfang_store::latest_schema_version();
    if manifest.schema_version > latest {
        return Err(format!(
            "备份的数据库版本 {} 比本程序（{latest}）新，请用更新的 xinfang 恢复",
            manifest.schema_version
        ));
    }
    Ok((zip, manifest))
}

/// Check every entry against the manifest before anything is written: each
/// table's rows and hash, the audit head, each attachment's size and hash,
/// and nothing in the archive that the manifest does not list (a key above all).
pub fn verify(zip: &mut Archive, manifest: &Manifest) -> Result<(), String> {
    let mut listed: BTreeSet<String> = BTreeSet::from([MANIFEST.to_string()]);
    for t in &manifest.tables {
        let name = table_entry_name(&t.name);
        let entry = zip
            .by_name(&name)
            .map_err(|_| format!("备份中缺少表 {} 的数据（{name}）", t.name))?;
        let mut hasher = Sha256::new();
        let mut rows = 0u64;
        let mut last_hash = String::new();
        for line in BufReader::new(entry).split(b'\n') {
            let line = line.map_err(|e| format!("无法读取 {name}：{e}"))?;
            hasher.update(&line);
            hasher.update(b"\n");
            rows += 1;
            if t.name == "audit_log" {
                let row: serde_json::Value = serde_json::from_slice(&line)
                    .map_err(|e| format!("{name} 第 {rows} 行有误：{e}"))?;
                last_hash = row["hash"].as_str().unwrap_or_default().to_string();
            }
        }
        if rows != t.rows {
            return Err(format!(
                "表 {} 在备份中有 {rows} 行，清单记录 {} 行：备份被改动或不完整",
                t.name, t.rows
            ));
        }
        if hex::encode(hasher.finalize()) != t.sha256 {
            return Err(format!(
                "表 {} 的数据与清单中的校验值不符：备份被改动",
                t.name
            ));
        }
        if t.name == "audit_log"
            && (rows != manifest.audit.rows || last_hash != manifest.audit.head)
        {
            return Err("审计日志的末条记录与清单不符：备份被改动".into());
        }
        listed.insert(name);
    }
    let (mut count, mut bytes) = (0u64, 0u64);
    for a in &manifest.attachments.files {
        let name = attachment_entry_name(&a.path);
        if a.path.contains("..") || a.path.starts_with('/') {
            return Err(format!("备份清单中的附件路径无效：{}", a.path));
        }
        let mut entry = zip
            .by_name(&name)
            .map_err(|_| format!("备份中缺少附件 {}", a.path))?;
        let mut hasher = Sha256::new();
        let n = std::io::copy(&mut entry, &mut HashWriter(&mut hasher))
            .map_err(|e| format!("无法读取附件 {}：{e}", a.path))?;
        if n != a.bytes || hex::encode(hasher.finalize()) != a.sha256 {
            return Err(format!("附件 {} 与清单中的校验值不符：备份被改动", a.path));
        }
        count += 1;
        bytes += n;
        listed.insert(name);
    }
    if count != manifest.attachments.count || bytes != manifest.attachments.bytes {
        return Err("附件数量或大小与清单不符：备份被改动".into());
    }
    for name in zip.file_names() {
        let name = name.map_err(|e| format!("备份文件有误：{e}"))?;
        let name = name.as_ref();
        if is_key_file(name) {
            return Err(format!(
                "备份中有密钥文件 {name}：密钥不应随备份保存，拒绝恢复"
            ));
        }
        if !listed.contains(name) && !name.ends_with('/') {
            return Err(format!("备份中有清单未列出的文件 {name}：备份被改动"));
        }
    }
    Ok(())
}

/// A writer that only hashes.
struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
