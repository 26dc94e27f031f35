//! 统计分析: the figures a bureau director reads, for a period and the viewer's scope.

pub mod charts;
pub mod read_statistics;
pub mod stats_page;
