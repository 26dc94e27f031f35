//! 风险等级 — the grade of a risk (一般 / 较大 / 重大): what a screening entry
//! carries besides its category (分级分类), and what each level of 三级研判 sets.

use crate::labelled_enum;

labelled_enum! {
    /// 风险等级 — lightest first.
    pub enum RiskGrade {
        /// 一般 — handled by the village and township in their routine work.
        General => ("general", "一般"),
        /// 较大 — the township leads, the district watches.
        Significant => ("significant", "较大"),
        /// 重大 — the district leads (may reach the city, province or Beijing).
        Major => ("major", "重大"),
    }
}
