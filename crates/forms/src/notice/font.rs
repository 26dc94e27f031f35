//! The notices' font: the embedded Noto Serif CJK SC subset, or a font the administrator supplies.
//!
//! Every character a notice prints is checked against the font's cmap first,
//! so a rare character in a name is reported instead of printed as a blank box.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::Font;

use super::NoticeError;

/// The embedded default: Noto Serif CJK SC (SIL OFL 1.1, see `fonts/OFL.txt`),
/// cut down by `scripts/subset-font.sh` to ASCII, CJK punctuation, full-width
/// forms, GB 2312 and the 8105 characters of the 通用规范汉字表.
static EMBEDDED_OTF: &[u8] = include_bytes!("../../fonts/NotoSerifCJKsc-Subset.otf");

static EMBEDDED: LazyLock<Result<NoticeFont, String>> =
    LazyLock::new(|| NoticeFont::parse(Bytes::new(EMBEDDED_OTF), 0).map_err(|e| e.to_string()));

/// The font the notices are set in. Cheap to clone (the bytes are shared).
///
/// The PDF embeds only the glyphs a notice uses, whatever the font's size.
#[derive(Clone)]
pub struct NoticeFont {
    font: Font,
}

impl fmt::Debug for NoticeFont {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NoticeFont")
            .field("family", &self.family())
            .field("index", &self.font.index())
            .field("bytes", &self.font.data().len())
            .finish()
    }
}

impl NoticeFont {
    /// The embedded Noto Serif CJK SC subset (the default).
    pub fn embedded() -> Self {
        match &*EMBEDDED {
            Ok(font) => font.clone(),
            // The embedded file is checked by the tests; this cannot happen in a
            // built binary unless the file was replaced by something unparsable.
            Err(e) => panic!("embedded notice font is broken: {e}"),
        }
    }

    /// A font supplied by the administrator (an OpenType/TrueType file such
    /// as a licensed 仿宋_GB2312, or a collection with `index` selecting the face).
    pub fn from_bytes(bytes: Vec<u8>, index: u32) -> Result<Self, NoticeError> {
        Self::parse(Bytes::new(bytes), index)
    }

    fn parse(bytes: Bytes, index: u32) -> Result<Self, NoticeError> {
        // Parse with ttf-parser first for a precise reason; typst only says "no".
        if let Err(e) = ttf_parser::Face::parse(bytes.as_slice(), index) {
            return Err(NoticeError::Font(format!(
                "字体文件无法解析（第 {index} 个字形集）：{e}"
            )));
        }
        let font = Font::new(bytes, index)
            .ok_or_else(|| NoticeError::Font("字体文件缺少必要的表（name/OS/2）".into()))?;
        Ok(Self { font })
    }

    /// The font's family name, as the typeset source selects it.
    pub fn family(&self) -> &str {
        &self.font.info().family
    }

    /// Whether the font maps `c` to a glyph.
    pub fn has_char(&self, c: char) -> bool {
        self.face().is_some_and(|face| has_glyph(&face, c))
    }

    /// The characters of `text` the font has no glyph for, in order of first
    /// appearance, without duplicates. Line breaks and tabs are not checked.
    pub fn missing_chars(&self, text: &str) -> Vec<char> {
        let Some(face) = self.face() else {
            return text.chars().filter(|c| !is_layout_control(*c)).collect();
        };
        let mut seen = BTreeSet::new();
        text.chars()
            .filter(|&c| !is_layout_control(c) && seen.insert(c) && !has_glyph(&face, c))
            .collect()
    }

    pub(super) fn typst_font(&self) -> &Font {
        &self.font
    }

    fn face(&self) -> Option<ttf_parser::Face<'_>> {
        ttf_parser::Face::parse(self.font.data().as_slice(), self.font.index()).ok()
    }
}

impl Default for NoticeFont {
    fn default() -> Self {
        Self::embedded()
    }
}

fn has_glyph(face: &ttf_parser::Face<'_>, c: char) -> bool {
    face.glyph_index(c).is_some_and(|g| g.0 != 0)
}

/// Characters that are layout, not glyphs: line breaks and tabs (the template
/// turns them into breaks or spaces), every other control character and the
/// invisible format characters pasted from word processors (zero-width space
/// and joiners, bidirectional marks, word joiner, BOM, variation selectors,
/// tags): `normalize` in `mod.rs` removes them before typesetting, so they
/// are never looked up in the font.
pub(super) fn is_layout_control(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{FE00}'..='\u{FE0F}'
            | '\u{E0000}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Checks each `(field name, text)` against the font; the first field with a
/// missing character is reported.
pub(super) fn check_fields<'a>(
    font: &NoticeFont,
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(), NoticeError> {
    for (field, text) in fields {
        let chars = font.missing_chars(text);
        if !chars.is_empty() {
            return Err(NoticeError::MissingGlyphs {
                field: field.to_owned(),
                chars,
            });
        }
    }
    Ok(())
}
