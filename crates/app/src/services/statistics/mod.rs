//! 统计分析: the figures a bureau director reads, for a period and the viewer's scope.

pub mod read_statistics;
