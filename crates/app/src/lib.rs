//! xinfang: poverty-related petitions (涉贫信访) and online public-opinion incidents (网络舆情), from first contact to the archived file.

pub mod cli;
pub mod config;
pub mod demo;
pub mod files;
pub mod json;
pub mod services;
pub mod settings;
pub mod state;
pub mod views;
pub mod web;

use tokio::net::TcpListener;

use crate::state::AppState;

/// Serve the web UI and API on `listener` until Ctrl-C or SIGTERM, with the
/// deadline sweeper (督办扫描) running beside it every minute and the audit
/// chain's anchor published at start and daily; both stop when the server does.
pub async fn serve(state: AppState, listener: TcpListener) -> std::io::Result<()> {
    let app = web::router(state.clone());
    let server = axum::serve(listener, app).with_graceful_shutdown(shutdown_signal());
    tokio::select! {
        done = server.into_future() => done,
        () = services::deadlines::sweep_deadlines::run_every_minute(state.clone()) => Ok(()),
        () = services::admin::audit_chain::run_daily(state) => Ok(()),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
