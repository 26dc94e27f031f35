//! A minimal in-memory typst `World`: one template, a shared layout file, the
//! data as JSON, the QR code of a verification mark, and one font. No file system, no packages, no clock.
//!
//! The data reaches the template as a JSON file read with typst's `json()`,
//! so a petitioner's text is never parsed as typst markup: `#`, `*`, `$`,
//! `[`, `\` and friends print as themselves without any escaping.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use super::NoticeError;
use super::font::NoticeFont;

/// The layout shared by both notices (page, fonts, table helpers).
pub(super) const COMMON_TYP: &str = include_str!("common.typ");
/// The 受理告知书 template.
pub(super) const ACCEPTANCE_TYP: &str = include_str!("acceptance.typ");
/// The 处理意见书 template.
pub(super) const OPINION_TYP: &str = include_str!("opinion.typ");
/// The monthly meeting pack's template.
pub(super) const MEETING_PACK_TYP: &str = include_str!("meeting_pack.typ");

/// The standard library, built once per process.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).unwrap_or_else(|e| panic!("bad virtual path {path}: {e}"));
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

static COMMON_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/common.typ"));
static DATA_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/data.json"));
static QR_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/qr.svg"));

/// What a template reads: the JSON, and the QR code of a verification mark.
pub(super) struct Data {
    /// `/data.json`.
    pub json: serde_json::Value,
    /// `/qr.svg`, when the notice carries a verification mark.
    pub qr: Option<Vec<u8>>,
}

/// Which template is the main file.
#[derive(Debug, Clone, Copy)]
pub(super) enum Template {
    Acceptance,
    Opinion,
    MeetingPack,
}

impl Template {
    fn source(self) -> (FileId, &'static str) {
        static ACCEPTANCE_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/acceptance.typ"));
        static OPINION_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/opinion.typ"));
        static PACK_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/meeting_pack.typ"));
        match self {
            Self::Acceptance => (*ACCEPTANCE_ID, ACCEPTANCE_TYP),
            Self::Opinion => (*OPINION_ID, OPINION_TYP),
            Self::MeetingPack => (*PACK_ID, MEETING_PACK_TYP),
        }
    }
}

struct NoticeWorld {
    book: LazyHash<FontBook>,
    font: Font,
    main: Source,
    common: Source,
    data: Bytes,
    qr: Option<Bytes>,
}

impl World for NoticeWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.common.id() {
            Ok(self.common.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == *DATA_ID {
            Ok(self.data.clone())
        } else if id == *QR_ID
            && let Some(qr) = &self.qr
        {
            Ok(qr.clone())
        } else if id == self.main.id() || id == self.common.id() {
            Ok(Bytes::from_string(self.source(id)?.text().to_owned()))
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        (index == 0).then(|| self.font.clone())
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}

/// Typesets `template` with `data` (the JSON the template reads) in `font`
/// and returns the PDF.
pub(super) fn render(
    template: Template,
    data: &Data,
    font: &NoticeFont,
) -> Result<Vec<u8>, NoticeError> {
    let (main_id, main_text) = template.source();
    let typst_font = font.typst_font().clone();
    let world = NoticeWorld {
        book: LazyHash::new(FontBook::from_fonts([&typst_font])),
        font: typst_font,
        main: Source::new(main_id, main_text.to_owned()),
        common: Source::new(*COMMON_ID, COMMON_TYP.to_owned()),
        data: Bytes::from_string(data.json.to_string()),
        qr: data.qr.clone().map(Bytes::new),
    };
    let compiled = typst::compile::<PagedDocument>(&world).output;
    // typst memoizes across compilations; keep a long-running server's cache bounded.
    comemo::evict(10);
    let document = compiled.map_err(|errors| typeset_error(&errors))?;
    // Untagged: smaller, and poppler warns about typst's structure tree.
    let options = PdfOptions {
        tagged: false,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| typeset_error(&errors))
}

fn typeset_error(errors: &[SourceDiagnostic]) -> NoticeError {
    let messages: Vec<String> = errors
        .iter()
        .map(|e| {
            let hints: Vec<&str> = e.hints.iter().map(|h| h.v.as_str()).collect();
            if hints.is_empty() {
                e.message.to_string()
            } else {
                format!("{} ({})", e.message, hints.join("; "))
            }
        })
        .collect();
    NoticeError::Typeset(messages.join("\n"))
}
