//! Cases: registering (接), taking steps, reading, attachments, notices, reveals, the 一案一档 archive, mediations and verifications.

pub mod archive;
pub mod archive_records;
pub mod attachments;
pub mod case_page;
pub mod case_records_page;
pub mod category_hint;
pub mod correct_case;
pub mod dashboard;
pub mod deliveries;
pub mod issued_notices;
pub mod mediations;
pub mod notices;
pub mod opinions;
pub mod personal;
pub mod query;
pub mod register_case;
pub mod registration_form;
pub mod similar;
pub mod take_step;
pub mod verifications;
pub mod verify_notice;
