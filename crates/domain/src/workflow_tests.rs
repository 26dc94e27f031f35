//! Every allowed and refused transition of the six steps, by role and state.
