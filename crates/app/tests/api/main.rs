//! Integration tests: the real app on port 0, driven over HTTP. One binary, a module per feature.
#![allow(clippy::unwrap_used, missing_debug_implementations)]

mod access;
mod attachments;
mod audit_actions;
mod auth;
mod browser;
mod browser_screenshots;
mod cli;
mod concurrency;
mod deadlines;
mod documents;
mod helpers;
mod house;
mod layers;
mod ledgers;
mod lifecycle;
mod openapi;
mod orgs;
mod pages;
mod personal;
mod registration;
mod route_roles;
mod settings;
mod supervision;
mod supervision_webhooks;
mod views;
