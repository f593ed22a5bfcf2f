//! The report's chart, written as SVG by hand: for each case of workloads
//! 1-6, one bar per competitor, its median time relative to hand-written
//! Diesel on a log scale (shorter is faster, 1.0 is Diesel).

use std::fmt::Write as _;

use crate::competitors::Competitor;
use crate::results::{Results, Table};

const LEFT: f64 = 300.0;
const PLOT_WIDTH: f64 = 560.0;
const BAR: f64 = 9.0;
const GAP: f64 = 10.0;
/// Room for the title and two rows of legend.
const TOP: f64 = 76.0;
/// The axis runs from 1/20 to 1000 times Diesel's time.
const LOG_MIN: f64 = -1.302;
const LOG_MAX: f64 = 3.0;
const COLORS: [&str; 8] = [
    "#4c4c4c", "#d1495b", "#8f8f8f", "#edae49", "#00798c", "#30638e", "#66a182", "#a05195",
];

fn x_of(ratio: f64) -> f64 {
    let log = ratio.log10().clamp(LOG_MIN, LOG_MAX);
    LEFT + (log - LOG_MIN) / (LOG_MAX - LOG_MIN) * PLOT_WIDTH
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('`', "")
}

/// A titled group of cases: one backend's tables.
pub struct Panel<'a> {
    /// Drawn above the panel's cases; empty for a chart of one panel.
    pub heading: String,
    pub tables: Vec<&'a Table>,
}

/// The chart of `results`, an SVG document.
pub fn render(results: &Results) -> String {
    let panel = Panel {
        heading: String::new(),
        tables: results.tables.iter().filter(|t| t.workload <= 6).collect(),
    };
    let labels: Vec<&str> = Competitor::ALL.iter().map(|c| c.label()).collect();
    render_panels(&[panel], &labels)
}

/// A chart of `panels` one under the other, a bar for each of
/// `competitors` (in that order and color) that a case measured: its median
/// time over the case's reference, on one log scale for every panel.
pub fn render_panels(panels: &[Panel<'_>], competitors: &[&str]) -> String {
    let mut body = String::new();
    let mut y = TOP;
    for panel in panels {
        if !panel.heading.is_empty() {
            y += 6.0;
            let _ = writeln!(
                body,
                r#"<text x="8" y="{:.1}" class="panel">{}</text>"#,
                y + BAR,
                escape(&panel.heading)
            );
            y += BAR + GAP;
        }
        for table in &panel.tables {
            let _ = writeln!(
                body,
                r#"<text x="{}" y="{}" text-anchor="end" class="case">{}</text>"#,
                LEFT - 8.0,
                y + BAR,
                escape(&table.title)
            );
            for (index, competitor) in competitors.iter().enumerate() {
                let Some(ratio) = table.ratio_to_reference(competitor) else {
                    continue;
                };
                let x1 = x_of(ratio.median);
                let (start, end) = if x1 >= x_of(1.0) {
                    (x_of(1.0), x1)
                } else {
                    (x1, x_of(1.0))
                };
                let _ = writeln!(
                    body,
                    r#"<rect x="{start:.1}" y="{y:.1}" width="{:.1}" height="{BAR}" fill="{}"><title>{}: {:.2}x</title></rect>"#,
                    (end - start).max(1.0),
                    COLORS[index % COLORS.len()],
                    escape(competitor),
                    ratio.median
                );
                let _ = writeln!(
                    body,
                    r#"<text x="{:.1}" y="{:.1}" class="value">{:.2}</text>"#,
                    end.max(x1) + 3.0,
                    y + BAR - 1.0,
                    ratio.median
                );
                y += BAR + 1.0;
            }
            y += GAP;
        }
    }
    let height = y + 20.0;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height}" viewBox="0 0 {w} {height}" font-family="sans-serif">"#,
        w = LEFT + PLOT_WIDTH + 60.0
    );
    svg.push_str(
        "<style>.case{font-size:11px}.value{font-size:8px;fill:#333}.axis{font-size:10px;fill:#333}\
         .legend{font-size:11px}.panel{font-size:12px;font-weight:bold}</style>\n",
    );
    svg.push_str(r#"<rect width="100%" height="100%" fill="white"/>"#);
    svg.push('\n');
    let reference = panels
        .iter()
        .flat_map(|p| &p.tables)
        .map(|t| t.reference.as_str())
        .next()
        .unwrap_or("the reference");
    let _ = writeln!(
        svg,
        r#"<text x="{LEFT}" y="18" font-size="13" font-weight="bold">Time per operation relative to {} (log scale, shorter is faster)</text>"#,
        escape(&reference_phrase(reference))
    );
    // Legend.
    let (mut legend_x, mut legend_y) = (LEFT, 28.0);
    for (index, competitor) in competitors.iter().enumerate() {
        let measured = panels
            .iter()
            .flat_map(|p| &p.tables)
            .any(|t| t.row(competitor).is_some());
        if !measured {
            continue;
        }
        let label = escape(competitor);
        let _ = writeln!(
            svg,
            r#"<rect x="{legend_x}" y="{legend_y}" width="10" height="10" fill="{}"/><text x="{}" y="{}" class="legend">{label}</text>"#,
            COLORS[index % COLORS.len()],
            legend_x + 13.0,
            legend_y + 9.0
        );
        legend_x += 30.0 + label.len() as f64 * 6.5;
        if legend_x > LEFT + PLOT_WIDTH - 150.0 {
            (legend_x, legend_y) = (LEFT, legend_y + 16.0);
        }
    }
    // Grid lines at powers of ten, and the reference's 1.0.
    for ratio in [
        0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0,
    ] {
        let x = x_of(ratio);
        let (stroke, width) = if ratio == 1.0 {
            ("#000", 1.2)
        } else {
            ("#ddd", 0.6)
        };
        let _ = writeln!(
            svg,
            r#"<line x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{}" stroke="{stroke}" stroke-width="{width}"/><text x="{x:.1}" y="{}" text-anchor="middle" class="axis">{ratio}x</text>"#,
            TOP - 6.0,
            y,
            y + 12.0
        );
    }
    svg.push_str(&body);
    svg.push_str("</svg>\n");
    svg
}

/// The reference as the title names it: `hand-written Diesel` for the
/// label `Diesel, hand-written` or `Diesel (hand-written)`.
fn reference_phrase(label: &str) -> String {
    if label.starts_with("Diesel") && label.contains("hand-written") {
        "hand-written Diesel".to_owned()
    } else {
        label.to_owned()
    }
}
