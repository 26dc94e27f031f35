//! Registering routes so that the router also lists them: the route × role test walks that list.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{get, post};

use super::Web;

/// One route of the HTTP surface.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path as axum matches it, e.g. `/api/v1/cases/{id}`.
    pub path: String,
}

/// A router under construction with the list of what it routes.
#[derive(Debug)]
pub struct Routes {
    router: Router<Web>,
    table: Vec<Route>,
}

impl Default for Routes {
    fn default() -> Self {
        Routes::new()
    }
}

impl Routes {
    /// No routes yet.
    pub fn new() -> Routes {
        Routes {
            router: Router::new(),
            table: Vec::new(),
        }
    }

    fn note(&mut self, method: &'static str, path: &str) {
        self.table.push(Route {
            method,
            path: path.to_string(),
        });
    }

    /// `GET path`.
    pub fn get<H, T>(mut self, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, Web>,
        T: 'static,
    {
        self.note("GET", path);
        self.router = self.router.route(path, get(handler));
        self
    }

    /// `POST path`.
    pub fn post<H, T>(mut self, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, Web>,
        T: 'static,
    {
        self.note("POST", path);
        self.router = self.router.route(path, post(handler));
        self
    }

    /// `GET path` and `POST path` (a page and its form).
    pub fn get_post<G, TG, P, TP>(mut self, path: &'static str, show: G, submit: P) -> Routes
    where
        G: Handler<TG, Web>,
        TG: 'static,
        P: Handler<TP, Web>,
        TP: 'static,
    {
        self.note("GET", path);
        self.note("POST", path);
        self.router = self.router.route(path, get(show).post(submit));
        self
    }

    /// Add another set of routes at the same level.
    pub fn merge(mut self, other: Routes) -> Routes {
        self.table.extend(other.table);
        self.router = self.router.merge(other.router);
        self
    }

    /// Add another set of routes under `prefix` (e.g. `/api/v1`).
    pub fn nest(mut self, prefix: &'static str, other: Routes) -> Routes {
        self.table.extend(other.table.into_iter().map(|r| Route {
            method: r.method,
            path: format!("{prefix}{}", r.path),
        }));
        self.router = self.router.nest(prefix, other.router);
        self
    }

    /// The router and the sorted list of its routes.
    pub fn into_parts(mut self) -> (Router<Web>, Vec<Route>) {
        self.table.sort();
        (self.router, self.table)
    }
}
