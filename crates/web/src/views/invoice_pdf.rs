//! The invoice as a PDF (pdf-writer): A4 pages of text in Helvetica and
//! Helvetica-Bold, two of the 14 fonts every PDF reader has, so no font file
//! is shipped or embedded and the text stays extractable. Those fonts speak
//! WinAnsiEncoding: Latin letters with accents ("Dr. Ñuñez") print as they
//! are; anything else (Bengali, Arabic, CJK) is transliterated to Latin
//! letters ("আয়েশা" → "aayesha"), and a character with no transliteration
//! becomes "?". The invoice page shows every name exactly as written.

use super::invoice::InvoiceView;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const PAGE: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 56.0;
/// Characters per line at 10 pt before a line wraps (Helvetica is ~0.5 em wide on average).
const WRAP: usize = 88;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

struct Line {
    bold: bool,
    size: f32,
    /// Space above the line, beyond its size.
    gap: f32,
    text: String,
}

fn text(size: f32, gap: f32, bold: bool, words: impl Into<String>) -> Line {
    Line {
        bold,
        size,
        gap,
        text: words.into(),
    }
}

/// The invoice, page by page, as PDF bytes.
pub fn invoice_pdf(invoice: &InvoiceView) -> Vec<u8> {
    let mut lines = vec![text(18.0, 0.0, true, invoice.clinic_name.clone())];
    lines.extend(wrapped(&invoice.clinic_address, 10.0, 2.0, false));
    if !invoice.tax_id.is_empty() {
        lines.push(text(
            10.0,
            2.0,
            false,
            format!("Tax ID: {}", invoice.tax_id),
        ));
    }
    lines.push(text(
        14.0,
        18.0,
        true,
        format!("Invoice {}", invoice.number),
    ));
    for l in &invoice.lines {
        lines.extend(wrapped(
            &format!("{}: {}", l.label, l.value),
            10.0,
            4.0,
            false,
        ));
    }
    if !invoice.refunds.is_empty() {
        lines.push(text(
            12.0,
            16.0,
            true,
            "Refunds since this invoice was issued",
        ));
        for r in &invoice.refunds {
            let about = format!("{}: {} refunded. {}", r.at, r.amount, r.reason);
            lines.extend(wrapped(&about, 10.0, 4.0, false));
        }
        if let (Some(refunded), Some(net)) = (&invoice.refunded, &invoice.net) {
            lines.push(text(
                10.0,
                6.0,
                true,
                format!("Refunded in all: {refunded}. Paid after refunds: {net}."),
            ));
        }
    }
    write_pages(&invoice.number, &lines)
}

/// `words` cut into lines of at most `WRAP` characters, at spaces where it can.
fn wrapped(words: &str, size: f32, gap: f32, bold: bool) -> Vec<Line> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in words.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > WRAP {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    out.push(current);
    out.into_iter()
        .enumerate()
        .map(|(n, t)| text(size, if n == 0 { gap } else { 1.0 }, bold, t))
        .collect()
}

fn write_pages(number: &str, lines: &[Line]) -> Vec<u8> {
    // Lay the lines out first, so each page knows its share.
    let mut pages: Vec<Vec<(f32, &Line)>> = vec![Vec::new()];
    let mut y = PAGE.1 - MARGIN;
    for line in lines {
        let step = line.size + line.gap + 2.0;
        if y - step < MARGIN {
            pages.push(Vec::new());
            y = PAGE.1 - MARGIN;
        }
        y -= step;
        if let Some(page) = pages.last_mut() {
            page.push((y, line));
        }
    }
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let (regular, bold, info) = (Ref::new(3), Ref::new(4), Ref::new(5));
    let first_page = 6;
    let page_ids: Vec<Ref> = (0..pages.len())
        .map(|n| Ref::new(first_page + 2 * n as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    for (font, base) in [
        (regular, Name(b"Helvetica")),
        (bold, Name(b"Helvetica-Bold")),
    ] {
        pdf.type1_font(font)
            .base_font(base)
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info)
        .title(TextStr(&format!("Invoice {number}")))
        .creator(TextStr("Consulta"));
    for (page_id, placed) in page_ids.iter().zip(&pages) {
        let contents = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE.0, PAGE.1));
        page.parent(tree);
        page.contents(contents);
        page.resources()
            .fonts()
            .pair(REGULAR, regular)
            .pair(BOLD, bold);
        page.finish();
        let mut content = Content::new();
        for (y, line) in placed {
            content
                .begin_text()
                .set_font(if line.bold { BOLD } else { REGULAR }, line.size)
                .next_line(MARGIN, *y)
                .show(Str(&win_ansi(&line.text)))
                .end_text();
        }
        pdf.stream(contents, &content.finish());
    }
    pdf.finish()
}

/// The text in WinAnsiEncoding (Windows-1252), transliterating what it cannot hold.
pub fn win_ansi(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len());
    for c in text.chars() {
        if let Some(byte) = win_ansi_byte(c) {
            bytes.push(byte);
            continue;
        }
        match deunicode::deunicode_char(c) {
            Some(latin) if !latin.is_empty() => {
                bytes.extend(latin.chars().map(|l| win_ansi_byte(l).unwrap_or(b'?')));
            }
            _ => bytes.push(b'?'),
        }
    }
    bytes
}

/// Windows-1252's byte for `c`: ASCII and Latin-1 as they are, and the
/// typographic marks it keeps in 0x80–0x9F.
fn win_ansi_byte(c: char) -> Option<u8> {
    const HIGH: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    let code = u32::from(c);
    match code {
        0x20..=0x7E | 0xA0..=0xFF => u8::try_from(code).ok(),
        _ => HIGH.iter().find(|(h, _)| *h == c).map(|(_, b)| *b),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn latin_accents_keep_their_letters_and_other_scripts_are_transliterated() {
        assert_eq!(win_ansi("Dr. Ñuñez"), b"Dr. \xD1u\xF1ez".to_vec());
        assert_eq!(win_ansi("1–2 €"), b"1\x962 \x80".to_vec());
        let bengali = win_ansi("আয়েশা রহমান");
        assert!(bengali.iter().all(|b| b.is_ascii()), "{bengali:?}");
        assert!(
            bengali.iter().any(|b| b.is_ascii_alphabetic()),
            "{bengali:?}"
        );
        assert_eq!(
            win_ansi("\u{1F600}").len(),
            win_ansi("\u{1F600}")
                .iter()
                .filter(|b| b.is_ascii())
                .count()
        );
    }

    #[test]
    fn long_lines_wrap_at_spaces() {
        let words = "word ".repeat(60);
        let lines = wrapped(&words, 10.0, 0.0, false);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| l.text.chars().count() <= WRAP));
    }
}
