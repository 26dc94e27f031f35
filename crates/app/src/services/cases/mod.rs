//! Cases: registering (接), taking steps, reading, attachments, notices, reveals and the 一案一档 archive.

pub mod archive;
pub mod attachments;
pub mod case_page;
pub mod correct_case;
pub mod dashboard;
pub mod deliveries;
pub mod issued_notices;
pub mod notices;
pub mod personal;
pub mod query;
pub mod register_case;
pub mod registration_form;
pub mod take_step;
pub mod verify_notice;
