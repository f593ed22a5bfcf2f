//! A section of docs/BENCHMARKS.md between two markers, which a benchmark
//! run on its own (`bench admin`, `bench shell`) writes in place, and which
//! a full run of the other workloads, writing the rest of the file, keeps.

use std::path::Path;

use crate::Result;

/// The lines that open and close a section.
#[derive(Clone, Copy, Debug)]
pub struct Markers {
    pub start: &'static str,
    pub end: &'static str,
}

impl Markers {
    /// Writes `section` into `out`: in place of the old one, else at the end.
    pub fn write(self, out: &Path, section: &str) -> Result<()> {
        let old = std::fs::read_to_string(out).unwrap_or_default();
        let new = match self.span(&old) {
            Some((start, end)) => format!("{}{section}{}", &old[..start], &old[end..]),
            None if old.is_empty() => section.to_owned(),
            None => format!("{}\n{section}", old.trim_end_matches('\n').to_owned() + "\n"),
        };
        if let Some(dir) = out.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(out, new)?;
        Ok(())
    }

    /// The section of the report at `out`, if it has one.
    pub fn keep(self, out: &Path) -> Option<String> {
        let old = std::fs::read_to_string(out).ok()?;
        let (start, end) = self.span(&old)?;
        Some(old[start..end].to_owned())
    }

    /// Where the section is in `text`, its markers and final newline included.
    fn span(self, text: &str) -> Option<(usize, usize)> {
        let start = text.find(self.start)?;
        let end = start + text[start..].find(self.end)? + self.end.len();
        let end = if text[end..].starts_with('\n') {
            end + 1
        } else {
            end
        };
        Some((start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKERS: Markers = Markers {
        start: "<!-- start -->",
        end: "<!-- end -->",
    };

    fn section(text: &str) -> String {
        format!("{}\n{text}\n{}\n", MARKERS.start, MARKERS.end)
    }

    #[test]
    fn a_section_replaces_the_old_one_in_place_and_is_kept() {
        let dir = std::env::temp_dir().join(format!("bench-section-{}", std::process::id()));
        let out = dir.join("BENCHMARKS.md");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&out, "# Benchmarks\n\ntext\n").unwrap();
        MARKERS.write(&out, &section("first")).unwrap();
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            format!("# Benchmarks\n\ntext\n\n{}", section("first"))
        );
        std::fs::write(&out, format!("head\n{}tail\n", section("first"))).unwrap();
        MARKERS.write(&out, &section("second")).unwrap();
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            format!("head\n{}tail\n", section("second"))
        );
        assert_eq!(MARKERS.keep(&out), Some(section("second")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
