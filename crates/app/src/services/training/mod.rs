//! 信访能力大提升 — cadre training: courses, attendance by the Annex 3 roster's
//! people, each township's hours and who is not yet trained, and the duties
//! (the roster's 28 March deadline, the training coverage) on the 工作台.

pub mod people_duties;
pub mod record_course;
pub mod training_list;
