//! Fuzz every step's input, as JSON and as text: the domain's parse must answer, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

include!("../bodies/registration.rs");
include!("../bodies/step_input.rs");

fuzz_target!(|data: &[u8]| fuzz_step_input(data));
