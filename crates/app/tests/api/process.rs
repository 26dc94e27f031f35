//! The real binary as a separate process: a data directory made ready for it, `serve` started and stopped (cleanly or with SIGKILL), and the operators' commands.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use xinfang::config::Config;
use xinfang::services::admin::users::{UserInput, create_user};
use xinfang::state::AppState;

/// A data directory (and, with `XINFANG_TEST_PG`, a fresh PostgreSQL
/// database) for the real binary to serve or restore into.
pub struct Target {
    /// The data directory (data.key, the SQLite file, attachments).
    pub data_dir: PathBuf,
    /// The PostgreSQL URL, when the tests run on PostgreSQL.
    pub database_url: Option<String>,
}

impl Target {
    /// An empty target in `dir`: SQLite there, or a new PostgreSQL database
    /// when `postgres` (and `XINFANG_TEST_PG` names a server).
    pub async fn empty(dir: &Path, postgres: bool) -> Target {
        let database_url = match std::env::var("XINFANG_TEST_PG") {
            Ok(admin) if postgres && !admin.trim().is_empty() => Some(
                xinfang_store::testing::fresh_test_database(&admin, "proc")
                    .await
                    .unwrap(),
            ),
            _ => None,
        };
        Target {
            data_dir: dir.to_path_buf(),
            database_url,
        }
    }

    /// The configuration of this target.
    pub fn config(&self) -> Config {
        let mut config = Config::from_env();
        config.data_dir = self.data_dir.clone();
        config.database_url = self.database_url.clone();
        config
    }

    /// Set the target up for a server: organisations, the district user
    /// `quju` with an API token (returned), and the 系统管理员 `admin`. The
    /// state is closed again.
    pub async fn prepare(&self) -> (String, i64) {
        let state = AppState::open(self.config()).await.unwrap();
        xinfang::demo::seed_orgs(&state).await.unwrap();
        let orgs = state.store.list_orgs().await.unwrap();
        let district = orgs.iter().find(|o| o.code == "411003-B01").unwrap();
        let township = orgs.iter().find(|o| o.code == "411003105").unwrap().id;
        let input = UserInput {
            username: "quju".into(),
            display_name: "李明".into(),
            org_id: district.id.to_string(),
            roles: vec!["district_admin".into()],
            phone: "13800000000".into(),
            password: crate::helpers::PASSWORD.into(),
        };
        create_user(&state, None, &input, state.now())
            .await
            .unwrap();
        let admin = UserInput {
            username: "admin".into(),
            display_name: "管理员".into(),
            org_id: orgs
                .iter()
                .find(|o| o.code == "411003")
                .unwrap()
                .id
                .to_string(),
            roles: vec!["admin".into()],
            phone: "13800000001".into(),
            password: crate::helpers::PASSWORD.into(),
        };
        create_user(&state, None, &admin, state.now())
            .await
            .unwrap();
        state.store.close().await;
        (self.token("quju").await, township)
    }

    /// A new API token of `username`, made while no server has the
    /// target open.
    pub async fn token(&self, username: &str) -> String {
        let state = AppState::open(self.config()).await.unwrap();
        let token = xinfang::services::admin::auth::create_api_token(&state, username, "test")
            .await
            .unwrap();
        state.store.close().await;
        token
    }

    /// Run an operator's command against this target.
    pub fn cli(&self, args: &[&str]) -> (bool, String, String) {
        let out = self.command(args).output().expect("run xinfang");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_xinfang"));
        cmd.arg("--data-dir").arg(&self.data_dir);
        if let Some(url) = &self.database_url {
            cmd.arg("--database-url").arg(url);
        }
        for var in [
            "XINFANG_DATABASE_URL",
            "XINFANG_DATA_DIR",
            "XINFANG_BACKUP_DIR",
            "XINFANG_BIND",
        ] {
            cmd.env_remove(var);
        }
        cmd.args(args);
        cmd
    }

    /// Start `xinfang serve` on a free port (with `extra` flags) and wait
    /// until it listens.
    pub fn serve(&self, extra: &[&str]) -> Server {
        let mut args = vec!["serve", "--bind", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        let log = self.data_dir.with_extension("log");
        let mut child = self
            .command(&args)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start xinfang serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("xinfang 已启动：http://") {
                    let _ = tx.send(rest.trim_end_matches('/').to_string());
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| {
                panic!(
                    "server did not start: {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                )
            });
        Server {
            child,
            addr: addr.parse().unwrap(),
            log,
        }
    }
}

/// A running `xinfang serve`.
pub struct Server {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    log: PathBuf,
}

impl Server {
    /// Absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stop it as an init system does (SIGTERM) and wait for it to exit; its exit status.
    pub fn stop(mut self) -> bool {
        let ok = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -TERM");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            assert!(
                Instant::now() < deadline,
                "server did not stop: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kill it with SIGKILL: no shutdown, no checkpoint, as a power cut would
    /// leave the process (the operating system keeps what was written).
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// GET `path` with the bearer `token`; the JSON answer.
    pub async fn get_json(&self, token: &str, path: &str) -> serde_json::Value {
        reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// POST `body` as JSON to `path` with the bearer `token`; the status
    /// and the JSON answer.
    pub async fn post_json(
        &self,
        token: &str,
        path: &str,
        body: &serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let r = reqwest::Client::new()
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or_default())
    }

    /// What it logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A registration body for a case in 张潘镇 with its own petitioner.
pub fn registration(township: i64, who: &str) -> serde_json::Value {
    serde_json::json!({
        "kind": "初信初访",
        "channel": "来信",
        "source_level": "本级受理",
        "received_at": "2022-10-08 09:00",
        "township_id": township,
        "summary": format!("反映危房改造补助资金未到位（{who}）"),
        "category": "危房改造",
        "petitioner_name": format!("王保全{who}"),
        "petitioner_id_number": "",
        "petitioner_phone": "13812345678",
        "poverty_status": "脱贫户",
    })
}

/// Every case number `case list` finds in a target.
pub fn case_numbers(target: &Target) -> std::collections::BTreeSet<String> {
    let (ok, out, err) = target.cli(&["case", "list", "--json"]);
    assert!(ok, "case list: {err}");
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap().to_string())
        .collect()
}
