//! Headless Chromium: a person logs in, registers a case, assigns it and finds it in the list.
