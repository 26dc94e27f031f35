//! xinfang-forms: the official annexes.
