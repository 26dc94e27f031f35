//! Fuzz the registration form's JSON body and fields: the domain's parse must answer, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

include!("../bodies/registration.rs");

fuzz_target!(|data: &[u8]| fuzz_registration(data));
