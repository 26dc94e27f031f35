//! The committed corpus of bad ledgers (`tests/bad-ledgers/`), sent through
//! the API and the command line: each file gets the Chinese refusal or row
//! problems its `expected.json` lists, and the database is left exactly as
//! it was.

use std::path::PathBuf;

use serde_json::Value;

use super::{add_screening, import, screening_total};
use crate::cli::xinfang;
use crate::helpers::{TestApp, spawn_app};

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad-ledgers")
}

fn expected() -> Vec<Value> {
    let text = std::fs::read_to_string(corpus_dir().join("expected.json")).unwrap();
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// What an import could have touched: the audit chain (every write adds a
/// row), the screening entries, the roster's filled rows.
async fn snapshot(app: &TestApp) -> (i64, i64, String) {
    // Made first: the API token behind it is itself an audited write.
    let screenings = screening_total(app).await;
    let audit = app.state.store.verify_audit().await.unwrap();
    assert_eq!(audit.first_broken, None);
    let roster = app.state.store.roster(None).await.unwrap();
    let filled: Vec<_> = roster.iter().filter(|r| r.updated_at.is_some()).collect();
    (audit.rows, screenings, format!("{filled:?}"))
}

#[tokio::test]
async fn every_bad_file_is_refused_as_expected_and_changes_nothing() {
    let app = spawn_app().await;
    add_screening(&app).await;
    app.token("zhangpan").await;
    let before = snapshot(&app).await;
    assert_eq!(before.1, 1);
    let cases = expected();
    assert!(cases.len() >= 15, "the corpus is there");
    for case in &cases {
        let file = case["file"].as_str().unwrap();
        let annex = format!("annex{}", case["annex"]);
        let bytes = std::fs::read(corpus_dir().join(file)).unwrap();
        for dry_run in [true, false] {
            let (status, r) = import(&app, "zhangpan", &annex, bytes.clone(), dry_run).await;
            assert_eq!(status, 422, "{file}: {r}");
            assert_eq!(r["code"], "import_rejected", "{file}: {r}");
            match case.get("refused") {
                Some(refused) => {
                    let want = format!("{}；未导入任何数据", refused.as_str().unwrap());
                    assert_eq!(r["message"], want.as_str(), "{file}");
                    assert_eq!(r["problems"].as_array().map_or(0, Vec::len), 0, "{file}");
                }
                None => {
                    let got: Vec<Value> = r["problems"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| {
                            serde_json::json!([p["row"], p["column"], p["value"], p["reason"]])
                        })
                        .collect();
                    assert_eq!(&Value::from(got), &case["problems"], "{file}");
                    assert!(
                        r["message"].as_str().unwrap().contains("未导入任何数据"),
                        "{file}: {r}"
                    );
                }
            }
        }
        assert_eq!(snapshot(&app).await, before, "{file} changed the database");
    }
}

#[tokio::test]
async fn the_command_line_lists_the_same_problems_and_fails() {
    let app = spawn_app().await;
    let before = snapshot(&app).await;
    let file = corpus_dir().join("annex1-bad-dates.xlsx");
    let (ok, out, err) = xinfang(
        &app,
        &[
            "import",
            "annex1",
            file.to_str().unwrap(),
            "--as",
            "zhangpan",
        ],
    );
    assert!(!ok, "{out}");
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with('第')).collect();
    assert_eq!(
        lines,
        [
            "第8行\t排查时间\t2022年13月5日\t月份应为1至12，实际为13",
            "第9行\t排查时间\t2022.2.30\t日期不存在：2022年2月没有30日",
            "第10行\t排查时间\t三月初五\t日期格式不正确，应为如2022-03-05、2022年3月5日、2022.3.5或2022/3/5的日期",
            "第11行\t排查时间\t（空）\t不能为空",
        ],
        "{err}"
    );
    assert!(err.contains("共有4处错误，未导入任何数据"), "{err}");
    let (ok, _, err) = xinfang(
        &app,
        &[
            "import",
            "annex1",
            corpus_dir().join("zip-bomb.xlsx").to_str().unwrap(),
        ],
    );
    assert!(!ok);
    assert!(err.contains("疑似恶意文件，拒绝读取"), "{err}");
    assert_eq!(snapshot(&app).await, before);
}
