//! The statistics page's charts as SVG text, drawn on the server: readable
//! without JavaScript and printed in black and white (series told apart by
//! dash styles, markers and hatching, never by colour alone).

use std::fmt::Write as _;

/// One point of the monthly trend: the month's label, its count, and the
/// same month a year earlier.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    /// `1月`, `2月`, … (with the year when the period spans two).
    pub label: String,
    /// 本期.
    pub current: i64,
    /// 上年同期.
    pub year_earlier: i64,
}

const W: f64 = 640.0;
const H: f64 = 260.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 44.0;

/// The hatch patterns the bars use, black on white.
const DEFS: &str = r##"<defs>
<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2"/></pattern>
<pattern id="dots" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.1" fill="#000"/></pattern>
<pattern id="cross" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fff"/><path d="M0 0L6 6M6 0L0 6" stroke="#000" stroke-width="0.8"/></pattern>
</defs>"##;

/// Patterns cycled over categories: hatch, dots, cross-hatch, grey, white.
const FILLS: [&str; 5] = ["url(#hatch)", "url(#dots)", "url(#cross)", "#888", "#fff"];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The pattern ids made unique to one chart, so three charts inline in one page do not share ids.
fn own_ids(svg: String, prefix: &str) -> String {
    ["hatch", "dots", "cross"].iter().fold(svg, |s, id| {
        s.replace(&format!("id=\"{id}\""), &format!("id=\"{prefix}-{id}\""))
            .replace(&format!("url(#{id})"), &format!("url(#{prefix}-{id})"))
    })
}

fn open(title: &str, height: f64) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {W} {height}" role="img" aria-label="{t}" font-family="sans-serif" font-size="11">{DEFS}<title>{t}</title><text x="{x}" y="18" text-anchor="middle" font-size="14" font-weight="bold">{t}</text>"##,
        t = esc(title),
        x = W / 2.0
    )
}

/// A round axis top at or above `max` and its tick step.
fn scale(max: i64) -> (f64, f64) {
    let max = max.max(1) as f64;
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(raw)
        .max(1.0);
    ((max / step).ceil() * step, step)
}

fn y_axis(svg: &mut String, top: f64, step: f64) {
    let plot = H - TOP - BOTTOM;
    let mut v = 0.0;
    while v <= top + 0.001 {
        let y = H - BOTTOM - v / top * plot;
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{x2}" y2="{y:.1}" stroke="#bbb" stroke-width="0.5"/><text x="{tx}" y="{ty:.1}" text-anchor="end">{v}</text>"##,
            x2 = W - RIGHT,
            tx = LEFT - 4.0,
            ty = y + 4.0
        );
        v += step;
    }
    let _ = write!(
        svg,
        r##"<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{b}" stroke="#000"/><line x1="{LEFT}" y1="{b}" x2="{r}" y2="{b}" stroke="#000"/>"##,
        b = H - BOTTOM,
        r = W - RIGHT
    );
}

/// 总量趋势: the period's months as a solid line with round markers, the
/// same months a year earlier as a dashed line with square markers.
pub fn trend_svg(points: &[TrendPoint]) -> String {
    let mut svg = open("信访总量月度趋势（同比）", H);
    let max = points
        .iter()
        .map(|p| p.current.max(p.year_earlier))
        .max()
        .unwrap_or(0);
    let (top, step) = scale(max);
    y_axis(&mut svg, top, step);
    let plot_w = W - LEFT - RIGHT;
    let n = points.len().max(1) as f64;
    let x = |i: usize| LEFT + plot_w * (i as f64 + 0.5) / n;
    let y = |v: i64| H - BOTTOM - v as f64 / top * (H - TOP - BOTTOM);
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            x(i),
            H - BOTTOM + 16.0,
            esc(&p.label)
        );
    }
    let line = |vals: Vec<i64>, dash: &str| {
        let pts: Vec<String> = vals
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
            .collect();
        format!(
            r##"<polyline points="{}" fill="none" stroke="#000" stroke-width="2"{dash}/>"##,
            pts.join(" ")
        )
    };
    svg.push_str(&line(
        points.iter().map(|p| p.year_earlier).collect(),
        r#" stroke-dasharray="6 4" class="series-year-earlier""#,
    ));
    svg.push_str(&line(
        points.iter().map(|p| p.current).collect(),
        r#" class="series-current""#,
    ));
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            svg,
            r##"<rect x="{:.1}" y="{:.1}" width="7" height="7" fill="#fff" stroke="#000"/><circle cx="{:.1}" cy="{:.1}" r="4" fill="#000"/><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="10">{}</text>"##,
            x(i) - 3.5,
            y(p.year_earlier) - 3.5,
            x(i),
            y(p.current),
            x(i),
            y(p.current) - 8.0,
            p.current
        );
    }
    let ly = H - 10.0;
    let _ = write!(
        svg,
        r##"<line x1="{a}" y1="{ly}" x2="{b}" y2="{ly}" stroke="#000" stroke-width="2"/><circle cx="{c}" cy="{ly}" r="4"/><text x="{d}" y="{t}">本期</text><line x1="{e}" y1="{ly}" x2="{f}" y2="{ly}" stroke="#000" stroke-width="2" stroke-dasharray="6 4"/><rect x="{g}" y="{r}" width="7" height="7" fill="#fff" stroke="#000"/><text x="{h}" y="{t}">上年同期</text></svg>"##,
        a = LEFT,
        b = LEFT + 30.0,
        c = LEFT + 15.0,
        d = LEFT + 36.0,
        t = ly + 4.0,
        e = LEFT + 90.0,
        f = LEFT + 120.0,
        g = LEFT + 101.5,
        r = ly - 3.5,
        h = LEFT + 126.0
    );
    own_ids(svg, "trend")
}

/// 各乡镇信访量: one hatched bar per township with its count on top.
pub fn bars_svg(title: &str, rows: &[(String, i64)]) -> String {
    // Room below the axis for names turned to fit under narrow bars.
    let mut svg = open(title, H + 30.0);
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0);
    let (top, step) = scale(max);
    y_axis(&mut svg, top, step);
    let plot_w = W - LEFT - RIGHT;
    let n = rows.len().max(1) as f64;
    let slot = plot_w / n;
    let bar = (slot * 0.6).min(40.0);
    for (i, (label, v)) in rows.iter().enumerate() {
        let cx = LEFT + slot * (i as f64 + 0.5);
        let h = *v as f64 / top * (H - TOP - BOTTOM);
        let yb = H - BOTTOM - h;
        // Long names turn to fit under narrow bars.
        let turn = if slot < 48.0 {
            format!(
                r#" transform="rotate(-35 {cx:.1} {:.1})""#,
                H - BOTTOM + 14.0
            )
        } else {
            String::new()
        };
        let _ = write!(
            svg,
            r##"<rect class="bar" x="{:.1}" y="{yb:.1}" width="{bar:.1}" height="{h:.1}" fill="url(#hatch)" stroke="#000"/><text x="{cx:.1}" y="{:.1}" text-anchor="middle" font-size="10">{v}</text><text x="{cx:.1}" y="{:.1}" text-anchor="{}"{turn}>{}</text>"##,
            cx - bar / 2.0,
            yb - 3.0,
            H - BOTTOM + 14.0,
            if turn.is_empty() { "middle" } else { "end" },
            esc(label)
        );
    }
    svg.push_str("</svg>");
    own_ids(svg, "bars")
}

/// 问题类别占比: one row per category, its share as a patterned bar with the percentage.
pub fn shares_svg(title: &str, rows: &[(String, i64)]) -> String {
    let total: i64 = rows.iter().map(|r| r.1).sum();
    let row_h = 20.0;
    let height = TOP + row_h * rows.len().max(1) as f64 + 10.0;
    let mut svg = open(title, height);
    let label_w = 110.0;
    let bar_max = W - label_w - RIGHT - 90.0;
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = TOP + row_h * i as f64;
        let share = if total > 0 {
            *v as f64 / total as f64
        } else {
            0.0
        };
        let _ = write!(
            svg,
            r##"<text x="{lx}" y="{ty:.1}" text-anchor="end">{}</text><rect class="share" x="{label_w}" y="{y:.1}" width="{w:.1}" height="14" fill="{}" stroke="#000"/><text x="{vx:.1}" y="{ty:.1}">{v} 件 {:.1}%</text>"##,
            esc(label),
            FILLS[i % FILLS.len()],
            share * 100.0,
            lx = label_w - 6.0,
            ty = y + 11.0,
            w = (bar_max * share).max(0.5),
            vx = label_w + bar_max * share + 6.0
        );
    }
    svg.push_str("</svg>");
    own_ids(svg, "shares")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(scale(0), (1.0, 1.0));
        assert_eq!(scale(7), (8.0, 2.0));
        assert_eq!(scale(93), (100.0, 50.0));
        assert_eq!(scale(1234), (1500.0, 500.0));
    }

    #[test]
    fn charts_name_their_series_and_escape_labels() {
        let t = trend_svg(&[TrendPoint {
            label: "1月".into(),
            current: 3,
            year_earlier: 5,
        }]);
        assert!(t.contains("本期") && t.contains("上年同期") && t.contains("stroke-dasharray"));
        let b = bars_svg("各乡镇", &[("A<B".into(), 2)]);
        assert!(
            b.contains("A&lt;B")
                && b.contains("url(#bars-hatch)")
                && b.contains("id=\"bars-hatch\"")
        );
        let s = shares_svg("占比", &[("危房改造".into(), 1), ("医疗保障".into(), 3)]);
        assert!(s.contains("75.0%") && s.contains("25.0%"));
    }
}
