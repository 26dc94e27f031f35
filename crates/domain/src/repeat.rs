//! 重复访 — whether a registration repeats an earlier petition of the same
//! person anywhere in the district: who counts as the same person, which
//! earlier cases count, and what a registrant is told of a case outside
//! their scope (its number, township and category, never its content).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::case_list::CaseListItem;
use crate::labelled_enum;
use crate::vocab::{CaseKind, CaseStatus, Category};

labelled_enum! {
    /// 重复访判定 — the registrant's answer to a suspected repeat.
    pub enum RepeatDecision {
        /// 确认重复访 — registered as 重复访 (越级访 stays 越级访) and linked to the earlier case.
        Confirm => ("confirm", "确认重复访"),
        /// 不按重复访登记 — registered as typed, the earlier cases named on the timeline.
        Override => ("override", "不按重复访登记"),
    }
}

/// How far back an earlier petition counts: twelve months (366 days, so
/// that the same date a year before, in a leap year too, is inside).
const WINDOW_HOURS: i64 = 24 * 366;

/// Whether `earlier` lies in the twelve months up to `new` (both inclusive).
pub fn within_twelve_months(earlier: Timestamp, new: Timestamp) -> bool {
    earlier <= new && new.duration_since(earlier) <= jiff::SignedDuration::from_hours(WINDOW_HOURS)
}

/// The earliest time an earlier petition may have been received to count for one received at `new`.
pub fn window_start(new: Timestamp) -> Timestamp {
    new - jiff::SignedDuration::from_hours(WINDOW_HOURS)
}

/// What a person is recognised by across the district: the keyed indexes
/// of their ID number and phone (the store computes them; the numbers
/// never leave its vault), their name, and the village the case is in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonMarks {
    /// Blind index of the 身份证号.
    pub id_index: Option<String>,
    /// 姓名, as registered.
    pub name: String,
    /// Blind index of the 联系电话.
    pub phone_index: Option<String>,
    /// 村/社区 of the case.
    pub village_id: Option<i64>,
}

impl PersonMarks {
    /// Whether two registrations are the same person. When both carry an
    /// ID number, the numbers decide (two numbers are two people, whatever
    /// their names). Otherwise the same name and either the same phone or
    /// the same village.
    pub fn same_person(&self, other: &PersonMarks) -> bool {
        if let (Some(a), Some(b)) = (&self.id_index, &other.id_index) {
            return a == b;
        }
        let name = self.name.trim();
        if name.is_empty() || name != other.name.trim() {
            return false;
        }
        let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
        same(&self.phone_index, &other.phone_index)
            || (self.village_id.is_some() && self.village_id == other.village_id)
    }
}

/// An earlier case of someone who may be the same person, as the store
/// finds it anywhere in the district.
#[derive(Debug, Clone)]
pub struct PriorCase {
    /// The case as a list shows it (personal data left sealed).
    pub item: CaseListItem,
    /// Its petitioner's marks.
    pub person: PersonMarks,
    /// Whether the registrant's read scope admits it.
    pub in_scope: bool,
}

/// An earlier case a suspected repeat names. Outside the registrant's
/// scope it says which case (number, township, category, when received,
/// kind and status) and nothing of its content.
#[derive(Debug, Clone, Serialize)]
pub struct RepeatCandidate {
    /// Id.
    pub id: i64,
    /// 信访件编号
    pub number: String,
    /// 问题所属乡镇
    pub township: String,
    /// 问题类别
    pub category: Category,
    /// 信访类型
    pub kind: CaseKind,
    /// Status.
    pub status: CaseStatus,
    /// 接待日期
    pub received_at: Timestamp,
    /// Whether the registrant may read the case.
    pub in_scope: bool,
    /// The list row with summary and petitioner; only when in scope.
    pub details: Option<CaseListItem>,
}

impl RepeatCandidate {
    /// The candidate for `prior`, its content withheld when out of scope.
    pub fn of(prior: PriorCase) -> RepeatCandidate {
        let i = &prior.item;
        RepeatCandidate {
            id: i.id,
            number: i.number.clone(),
            township: i.township.clone(),
            category: i.category,
            kind: i.kind,
            status: i.status,
            received_at: i.received_at,
            in_scope: prior.in_scope,
            details: prior.in_scope.then_some(prior.item),
        }
    }
}

/// What the district knows of a person's petitions before a new one.
#[derive(Debug, Clone, Default)]
pub struct PersonHistory {
    /// Earlier cases on the same category in the twelve months before:
    /// a suspected 重复访, newest first.
    pub repeats: Vec<RepeatCandidate>,
    /// Earlier cases on other categories in the same twelve months:
    /// information only, not a repeat.
    pub other_categories: usize,
}

impl PersonHistory {
    /// Sort what the store found for a petition of `person` on `category`
    /// received at `received_at`: cases of someone else and cases outside
    /// the window are dropped.
    pub fn of(
        person: &PersonMarks,
        category: Category,
        received_at: Timestamp,
        found: Vec<PriorCase>,
    ) -> PersonHistory {
        let mut history = PersonHistory::default();
        let mut found: Vec<PriorCase> = found
            .into_iter()
            .filter(|p| {
                person.same_person(&p.person)
                    && within_twelve_months(p.item.received_at, received_at)
            })
            .collect();
        found.sort_by_key(|p| std::cmp::Reverse((p.item.received_at, p.item.id)));
        for p in found {
            if p.item.category == category {
                history.repeats.push(RepeatCandidate::of(p));
            } else {
                history.other_categories += 1;
            }
        }
        history
    }

    /// 此人近12个月另有N件信访, when there are any.
    pub fn other_note(&self) -> Option<String> {
        other_petitions_note(self.other_categories)
    }
}

/// The information sentence for `n` petitions of the person on other categories.
pub fn other_petitions_note(n: usize) -> Option<String> {
    (n > 0).then(|| format!("此人近12个月另有{n}件信访"))
}

/// An earlier case as a decision names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierCase {
    /// Id.
    pub id: i64,
    /// 信访件编号
    pub number: String,
    /// 问题所属乡镇
    pub township: String,
    /// 问题类别
    pub category: Category,
    /// Whether the registrant could read it.
    pub in_scope: bool,
}

/// 重复访判定 as kept with the case: the answer and the earlier cases it
/// was given on. The district reads it on the case's timeline and filters
/// the list by it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepeatRecord {
    /// 确认 or 不按重复访.
    pub decision: RepeatDecision,
    /// The earlier cases proposed, newest first.
    pub earlier: Vec<EarlierCase>,
}

impl RepeatRecord {
    /// The record of `decision` on `candidates`.
    pub fn new(decision: RepeatDecision, candidates: &[RepeatCandidate]) -> RepeatRecord {
        RepeatRecord {
            decision,
            earlier: candidates
                .iter()
                .map(|c| EarlierCase {
                    id: c.id,
                    number: c.number.clone(),
                    township: c.township.clone(),
                    category: c.category,
                    in_scope: c.in_scope,
                })
                .collect(),
        }
    }

    /// The timeline sentence.
    pub fn sentence(&self) -> String {
        let named: Vec<String> = self
            .earlier
            .iter()
            .map(|e| format!("{}（{}，{}）", e.number, e.township, e.category))
            .collect();
        let found = format!("登记时发现该信访人12个月内的同类信访：{}", named.join("、"));
        match (self.decision, self.earlier.first()) {
            (RepeatDecision::Confirm, Some(first)) => {
                format!("{found}；登记人确认为重复访，关联{}", first.number)
            }
            _ => format!("{found}；登记人判定不属重复访，按所选类型登记"),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::clock::parse_time;
    use crate::vocab::{Channel, SourceLevel};

    fn marks(
        id: Option<&str>,
        name: &str,
        phone: Option<&str>,
        village: Option<i64>,
    ) -> PersonMarks {
        PersonMarks {
            id_index: id.map(str::to_string),
            name: name.into(),
            phone_index: phone.map(str::to_string),
            village_id: village,
        }
    }

    fn prior(
        id: i64,
        received: &str,
        category: Category,
        person: PersonMarks,
        in_scope: bool,
    ) -> PriorCase {
        PriorCase {
            item: CaseListItem {
                id,
                number: format!("建安信访〔2022〕{id:04}号"),
                kind: CaseKind::FirstPetition,
                channel: Channel::Visit,
                source_level: SourceLevel::Own,
                key_assigned: false,
                category,
                status: CaseStatus::Handling,
                township_id: 7,
                township: "将官池镇".into(),
                village: Some("岗朱村".into()),
                petitioner_name: Some(person.name.clone()),
                received_at: parse_time(received).unwrap(),
                summary: "医保报销比例不对".into(),
                lead_unit: Some("医保局".into()),
                handler_name: None,
                backlog: false,
                escalated_to: None,
                severity: None,
                updated_at: parse_time(received).unwrap(),
            },
            person,
            in_scope,
        }
    }

    #[test]
    fn id_numbers_decide_when_both_have_one() {
        let a = marks(Some("i1"), "王保全", Some("p1"), Some(3));
        assert!(
            a.same_person(&marks(Some("i1"), "王宝全", None, None)),
            "a typo in the name does not matter"
        );
        assert!(
            !a.same_person(&marks(Some("i2"), "王保全", Some("p1"), Some(3))),
            "two ID numbers are two people even with the same name, phone and village"
        );
    }

    #[test]
    fn without_an_id_number_the_name_and_the_phone_or_village_decide() {
        let with_id = marks(Some("i1"), "王保全", Some("p1"), Some(3));
        let no_id = |phone, village| marks(None, "王保全", phone, village);
        assert!(no_id(Some("p1"), None).same_person(&with_id));
        assert!(with_id.same_person(&no_id(None, Some(3))));
        assert!(no_id(Some("p1"), Some(9)).same_person(&no_id(Some("p1"), None)));
        assert!(
            !no_id(Some("p2"), Some(9)).same_person(&with_id),
            "another phone, another village"
        );
        assert!(
            !no_id(None, None).same_person(&no_id(None, None)),
            "a name alone is not a person"
        );
        assert!(
            !marks(None, "王保", Some("p1"), Some(3)).same_person(&with_id),
            "another name"
        );
    }

    #[test]
    fn twelve_months_back_count_and_later_cases_do_not() {
        let new = parse_time("2022-10-08 09:00").unwrap();
        assert!(within_twelve_months(
            parse_time("2021-10-08 09:00").unwrap(),
            new
        ));
        assert!(within_twelve_months(new, new));
        assert!(!within_twelve_months(
            parse_time("2021-10-06 09:00").unwrap(),
            new
        ));
        assert!(!within_twelve_months(
            parse_time("2022-10-09 09:00").unwrap(),
            new
        ));
        assert_eq!(window_start(new), parse_time("2021-10-07 09:00").unwrap());
    }

    #[test]
    fn same_category_is_a_repeat_other_categories_are_counted() {
        let me = marks(None, "王保全", Some("p1"), None);
        let found = vec![
            prior(
                1,
                "2022-09-18 10:00",
                Category::Medical,
                marks(Some("i1"), "王保全", Some("p1"), Some(3)),
                false,
            ),
            prior(
                2,
                "2022-05-01 10:00",
                Category::Medical,
                marks(None, "王保全", Some("p1"), None),
                true,
            ),
            prior(
                3,
                "2022-06-01 10:00",
                Category::Housing,
                marks(None, "王保全", Some("p1"), None),
                true,
            ),
            prior(
                4,
                "2022-07-01 10:00",
                Category::Education,
                marks(None, "王保全", None, Some(3)),
                true,
            ),
            prior(
                5,
                "2021-01-01 10:00",
                Category::Medical,
                marks(None, "王保全", Some("p1"), None),
                true,
            ),
            prior(
                6,
                "2022-08-01 10:00",
                Category::Medical,
                marks(None, "王保全", Some("p9"), None),
                true,
            ),
        ];
        let h = PersonHistory::of(
            &me,
            Category::Medical,
            parse_time("2022-10-08 09:00").unwrap(),
            found,
        );
        let ids: Vec<i64> = h.repeats.iter().map(|c| c.id).collect();
        // Case 4 is the same name in a village the new one does not name; 5 is too old; 6 someone else.
        assert_eq!(ids, vec![1, 2], "newest first");
        assert_eq!(h.other_categories, 1);
        assert_eq!(h.other_note().as_deref(), Some("此人近12个月另有1件信访"));
        assert_eq!(PersonHistory::default().other_note(), None);
    }

    #[test]
    fn a_case_outside_the_scope_names_itself_but_not_its_content() {
        let p = prior(
            1,
            "2022-09-18 10:00",
            Category::Medical,
            marks(Some("i1"), "王保全", None, None),
            false,
        );
        let c = RepeatCandidate::of(p.clone());
        assert_eq!(
            (c.number.as_str(), c.township.as_str(), c.category),
            ("建安信访〔2022〕0001号", "将官池镇", Category::Medical)
        );
        assert!(c.details.is_none() && !c.in_scope);
        let text = serde_json::to_string(&c).unwrap();
        assert!(
            !text.contains("医保报销") && !text.contains("王保全") && !text.contains("岗朱村"),
            "{text}"
        );
        let c = RepeatCandidate::of(PriorCase {
            in_scope: true,
            ..p
        });
        assert_eq!(c.details.unwrap().summary, "医保报销比例不对");
    }

    #[test]
    fn the_decision_is_written_out_for_the_timeline() {
        let p = prior(
            12,
            "2022-09-18 10:00",
            Category::Medical,
            PersonMarks::default(),
            false,
        );
        let c = [RepeatCandidate::of(p)];
        assert_eq!(
            RepeatRecord::new(RepeatDecision::Confirm, &c).sentence(),
            "登记时发现该信访人12个月内的同类信访：建安信访〔2022〕0012号（将官池镇，医疗保障）；登记人确认为重复访，关联建安信访〔2022〕0012号"
        );
        assert!(
            RepeatRecord::new(RepeatDecision::Override, &c)
                .sentence()
                .ends_with("登记人判定不属重复访，按所选类型登记")
        );
        assert_eq!(
            RepeatDecision::parse("override"),
            Some(RepeatDecision::Override)
        );
    }
}
