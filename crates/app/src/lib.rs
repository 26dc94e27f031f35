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
/// deadline sweeper (督办扫描) running beside it every minute, the audit
/// chain's anchor published at start and daily and, when configured,
/// scheduled backups (定期备份), and the worker that brings the full-text
/// index up to date after a place name changed; all stop when the server
/// does.
/// After a clean stop the database is closed: SQLite's write-ahead log is
/// checkpointed into the database file first.
pub async fn serve(state: AppState, listener: TcpListener) -> std::io::Result<()> {
    let app = web::router(state.clone());
    let server = axum::serve(listener, app).with_graceful_shutdown(shutdown_signal());
    let backups = async {
        match state.config.backup.clone() {
            Some(schedule) => {
                services::admin::backup::schedule::run_every(state.clone(), schedule).await
            }
            None => std::future::pending().await,
        }
    };
    let done = tokio::select! {
        done = server.into_future() => done,
        () = services::deadlines::sweep_deadlines::run_every_minute(state.clone()) => Ok(()),
        () = services::admin::audit_chain::run_daily(state.clone()) => Ok(()),
        () = services::admin::orgs::run_place_indexer(state.clone()) => Ok(()),
        () = backups => Ok(()),
    };
    state.store.close().await;
    tracing::info!("xinfang stopped; database closed");
    done
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
