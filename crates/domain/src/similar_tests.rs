//! Similar cases, scored by hand: the pairs counted, the Dice coefficient
//! worked out, the points added up.
#![allow(clippy::unwrap_used)]

use super::*;

fn case(id: i64, village: Option<i64>, category: Category, summary: &str) -> Candidate {
    Candidate {
        id,
        number: format!("建安信访〔2022〕{id:04}号"),
        township_id: 5,
        village_id: village,
        category,
        summary: summary.into(),
        received_at: Timestamp::from_second(1_660_000_000 + id).unwrap(),
    }
}

fn probe() -> Probe {
    Probe {
        text: "石桥村危房改造补助资金至今未到位".into(),
        township_id: Some(5),
        village_id: Some(51),
        category: Some(Category::Housing),
    }
}

#[test]
fn pairs_skip_punctuation_and_the_commonest_petition_words() {
    // 石桥 桥村 村危 危房 房改 改造 造补 补助 助资 资金 金至 今未 未到 到位 (至今 left out).
    assert_eq!(shingles(&probe().text).len(), 14);
    // Runs split at punctuation: 危房 | 漏雨.
    let s = shingles("危房，漏雨");
    assert_eq!(s.len(), 2);
    assert!(s.contains('危', '房') && s.contains('漏', '雨'));
    assert!(!s.contains('房', '漏'));
    assert_eq!(dice(&shingles(""), &shingles("")), 0.0);
}

#[test]
fn the_same_matter_in_the_same_village_ranks_first_with_its_reasons() {
    let candidates = vec![
        // 10 pairs, 9 shared: dice 18/24 = 0.75 → 38 + 25 (村) + 25 (类别) = 88.
        case(1, Some(51), Category::Housing, "危房改造补助资金未到位"),
        // Nothing shared, another village and category: not shown.
        case(2, Some(52), Category::CivilRelief, "低保待遇未落实"),
        // 7 pairs (没有 left out), 3 shared: dice 6/21 = 0.2857 → 14 + 10 (乡镇) + 25 = 49.
        case(3, Some(52), Category::Housing, "危房改造款没有发放"),
        // 5 pairs, 1 shared (补助): dice 2/19 = 0.105, below the text bar, but
        // the same village and category: 5 + 25 + 25 = 55.
        case(4, Some(51), Category::Housing, "儿子上学补助"),
    ];
    let found = rank(&probe(), &candidates, 5);
    let got: Vec<(i64, i64)> = found.iter().map(|s| (s.id, s.score)).collect();
    assert_eq!(got, vec![(1, 88), (4, 55), (3, 49)]);
    assert_eq!(
        found[0].reasons,
        vec!["同村", "同类别", "反映内容相近（相似度75%）"]
    );
    assert_eq!(found[1].reasons, vec!["同村", "同类别"]);
    assert_eq!(
        found[2].reasons,
        vec!["同乡镇", "同类别", "反映内容部分相同（相似度29%）"]
    );
    assert_eq!(rank(&probe(), &candidates, 1).len(), 1);
}

#[test]
fn equal_scores_put_the_later_case_first() {
    let candidates = vec![
        case(7, Some(51), Category::Housing, "危房改造补助资金未到位"),
        case(9, Some(51), Category::Housing, "危房改造补助资金未到位"),
    ];
    let ids: Vec<i64> = rank(&probe(), &candidates, 5)
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, vec![9, 7]);
}

/// The pairs counted the plain way, as a set of character tuples.
fn pair_set(text: &str) -> std::collections::HashSet<(char, char)> {
    let mut out = std::collections::HashSet::new();
    for run in text.split(|c: char| !c.is_alphanumeric()) {
        let chars: Vec<char> = run.chars().collect();
        for w in chars.windows(2) {
            let pair: String = w.iter().collect();
            if !STOP_PAIRS.contains(&pair.as_str()) {
                out.insert((w[0], w[1]));
            }
        }
    }
    out
}

#[test]
fn the_pairs_shared_are_those_a_set_of_pairs_counts() {
    let texts = [
        "石桥村危房改造补助资金至今未到位",
        "危房危房危房：改造补助（2022年）未到位，反映问题至今没有解决",
        "低保待遇未落实 低保待遇未落实",
        "A1路灯坏了ab，ab",
        "",
        "危",
        "反映反映问题问题",
    ];
    for a in texts {
        let sa = pair_set(a);
        assert_eq!(shingles(a).len(), sa.len(), "{a}");
        for (x, y) in &sa {
            assert!(shingles(a).contains(*x, *y), "{a}: {x}{y}");
        }
        for b in texts {
            let sb = pair_set(b);
            let total = sa.len() + sb.len();
            let want = if total == 0 {
                0.0
            } else {
                2.0 * sa.intersection(&sb).count() as f64 / total as f64
            };
            assert_eq!(dice(&shingles(a), &shingles(b)), want, "{a} / {b}");
        }
    }
}
