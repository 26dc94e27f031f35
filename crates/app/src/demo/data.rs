//! Tables for the demo district: accounts, names, the 2022 calendar, and the sentences cases are written with.
//!
//! Pure data; the stories and the step templates have files of their own.

use xinfang_domain::vocab::{CaseKind, Category, Channel, Finding, PovertyStatus, SourceLevel};
use xinfang_domain::workflow::CaseStatus;

/// One demo account.
#[derive(Debug, Clone, Copy)]
pub struct DemoUser {
    /// Login name.
    pub username: &'static str,
    /// Name.
    pub name: &'static str,
    /// Organisation code.
    pub org: &'static str,
    /// Role key.
    pub role: &'static str,
    /// Mobile number.
    pub phone: &'static str,
}

const fn u(
    username: &'static str,
    name: &'static str,
    org: &'static str,
    role: &'static str,
    phone: &'static str,
) -> DemoUser {
    DemoUser {
        username,
        name,
        org,
        role,
        phone,
    }
}

const TO: &str = "township_officer";
const DH: &str = "department_handler";

/// Every demo account, in the order they are printed.
pub const USERS: &[DemoUser] = &[
    u("admin", "孙浩然", "411003", "admin", "13903742001"),
    u(
        "quju",
        "李建伟",
        "411003-B01",
        "district_admin",
        "13803746101",
    ),
    u(
        "quju2",
        "王晓燕",
        "411003-B01",
        "district_admin",
        "13803746102",
    ),
    u(
        "baoan1",
        "张国华",
        "411003-L01",
        "case_leader",
        "13903740018",
    ),
    u(
        "baoan2",
        "刘振江",
        "411003-L01",
        "case_leader",
        "13903740026",
    ),
    u("ducha", "范立新", "411003-I01", "inspector", "15037402211"),
    // 乡镇专干, one for every township
    u("xuyou", "张丽华", "411003001", TO, "15138021001"),
    u("xinyuan", "刘俊峰", "411003002", TO, "15138021002"),
    u("dengzhuang", "赵敏", "411003003", TO, "15138021003"),
    u("changsheng", "陈志强", "411003004", TO, "15138021004"),
    u("xiaozhao", "杨帆", "411003005", TO, "15138021005"),
    u("jiangguanchi", "马国栋", "411003100", TO, "18637410101"),
    u("wunvdian", "韩雪梅", "411003101", TO, "18637410102"),
    u("shangji", "孙卫国", "411003102", TO, "18637410103"),
    u("suqiao", "郭红霞", "411003103", TO, "18637410104"),
    u("jiangliji", "蒋伟", "411003104", TO, "18637410105"),
    u("zhangpan", "李卫东", "411003105", TO, "18637410106"),
    u("lingjing", "王磊", "411003106", TO, "18637410107"),
    u("chencao", "曹艳", "411003200", TO, "18738420201"),
    u("hejie", "秦永刚", "411003203", TO, "18738420202"),
    u("guicun", "朱彦博", "411003204", TO, "18738420203"),
    u("shenjian", "贾文涛", "411003205", TO, "18738420204"),
    u("yulin", "白晓静", "411003206", TO, "18738420205"),
    u("aizhuang", "马志华", "411003208", TO, "18738420206"),
    // 区直部门经办人
    u("minzheng", "吴秀芳", "411003-D01", DH, "13937430101"),
    u("yibao", "周建平", "411003-D02", DH, "13937430102"),
    u("jiaoyu", "郑雅琴", "411003-D03", DH, "13937430103"),
    u("zhujian", "冯志远", "411003-D04", DH, "13937430104"),
    u("renshe", "许明辉", "411003-D05", DH, "13937430105"),
    u("canlian", "段玉霞", "411003-D07", DH, "13937430107"),
    u("jinrong", "何俊", "411003-D08", DH, "13937430108"),
    u("wangxin", "高晓宇", "411003-D10", DH, "13937430110"),
    u("nongye", "田守业", "411003-D12", DH, "13937430112"),
];

/// The department that usually leads a category's cases, and how often (percent).
pub fn department_for(category: Category) -> Option<(&'static str, u64)> {
    Some(match category {
        Category::Medical => ("411003-D02", 65),
        Category::CivilRelief => ("411003-D01", 60),
        Category::Housing => ("411003-D04", 60),
        Category::Disability => ("411003-D07", 65),
        Category::Education => ("411003-D03", 65),
        Category::Microcredit => ("411003-D08", 70),
        Category::Assistance => ("411003-D05", 30),
        Category::FundsProjects => ("411003-D12", 40),
        _ => return None,
    })
}

/// 2022 statutory holidays (month, day) that fall on weekdays or weekends alike.
#[rustfmt::skip]
pub const HOLIDAYS: &[(i8, i8)] = &[
    (1, 1), (1, 2), (1, 3), (1, 31), (2, 1), (2, 2), (2, 3), (2, 4), (2, 5), (2, 6),
    (4, 3), (4, 4), (4, 5), (4, 30), (5, 1), (5, 2), (5, 3), (5, 4), (6, 3), (6, 4),
    (6, 5), (9, 10), (9, 11), (9, 12), (10, 1), (10, 2), (10, 3), (10, 4), (10, 5),
    (10, 6), (10, 7),
];

/// 2022 weekend days that were working days (调休上班).
pub const MAKEUP_DAYS: &[(i8, i8)] = &[(1, 29), (1, 30), (4, 2), (4, 24), (5, 7), (10, 8), (10, 9)];

/// Common surnames of Xuchang.
pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "宋", "许", "韩", "冯", "邓", "曹", "田", "董", "袁", "潘", "于", "蒋", "杜", "程",
    "苏", "魏", "吕", "丁", "任", "姚", "卢", "崔", "贾", "石", "付", "白", "孟", "秦", "薛", "闫",
    "段", "侯", "史", "郝", "霍", "耿", "尚", "牛", "翟", "樊", "邢", "申",
];

/// Given names for men.
pub const MALE_NAMES: &[&str] = &[
    "建国", "国强", "保国", "长青", "春生", "金山", "德胜", "振华", "卫东", "红军", "志刚", "建华",
    "国庆", "秋生", "来福", "铁牛", "明亮", "海军", "永强", "新民", "跃进", "书林", "宝山", "庆丰",
    "满仓", "天喜", "文斌", "俊杰", "少华", "大勇", "留根", "拴柱", "广田", "继红", "占魁", "富贵",
    "朝阳", "学文", "东升", "喜旺",
];

/// Given names for women.
pub const FEMALE_NAMES: &[&str] = &[
    "桂英", "秀兰", "凤英", "玉兰", "秀英", "桂芝", "淑珍", "春花", "翠花", "金凤", "美玲", "丽娟",
    "红霞", "艳玲", "素梅", "爱华", "小燕", "巧云", "月娥", "玉梅", "晓丽", "彩霞", "冬梅", "慧敏",
    "改云", "秀芝", "花荣", "俊英",
];

/// Mobile prefixes in use (all assigned 号段).
pub const MOBILE_PREFIXES: &[&str] = &[
    "138", "139", "150", "151", "186", "187", "199", "137", "158", "135",
];

/// Poverty status of petitioners, weighted.
#[rustfmt::skip]
pub const POVERTY: &[(PovertyStatus, u64)] = &[(PovertyStatus::Lifted, 40), (PovertyStatus::Monitored, 15), (PovertyStatus::General, 45)];

/// Categories, weighted by how often they come up.
#[rustfmt::skip]
pub const CATEGORIES: &[(Category, u64)] = &[
    (Category::PreciseIdentification, 6), (Category::PreciseExit, 4), (Category::Monitoring, 9),
    (Category::Assistance, 10), (Category::FundsProjects, 7), (Category::Housing, 11),
    (Category::Relocation, 3), (Category::Microcredit, 6), (Category::CivilRelief, 12),
    (Category::Medical, 11), (Category::Education, 7), (Category::Disability, 7),
    (Category::Other, 6),
];

/// What petitioners write, by category; each sentence starts with 反映.
#[rustfmt::skip]
pub fn summaries(category: Category) -> &'static [&'static str] {
    match category {
        Category::PreciseIdentification => &[
            "反映其家庭因病致贫、人均收入低，多次申请未被纳入帮扶对象", "反映本村识别不公，部分家庭条件较好的农户被识别为脱贫户",
            "反映家中两位老人常年患病、无劳动能力，申请纳入帮扶对象未获答复", "反映村干部优亲厚友，将亲属违规识别为脱贫户",
        ],
        Category::PreciseExit => &[
            "反映其家庭尚未稳定脱贫即被标注退出，帮扶政策随之取消", "反映退出验收时收入核算不实，家庭实际收入达不到退出标准",
            "反映户内人口变动后信息未及时更新，导致被错误标注为退出",
        ],
        Category::Monitoring => &[
            "反映家中突发重大疾病、支出骤增，申请纳入防返贫监测对象未获回应", "反映因暴雨导致房屋受损、家庭收入大幅下降，要求纳入监测帮扶",
            "反映被纳入监测对象后帮扶措施未落实，无人上门走访", "反映家庭务工收入中断，存在返贫风险，村里未按规定开展监测",
        ],
        Category::Assistance => &[
            "反映帮扶责任人长期未入户走访，帮扶措施流于形式", "反映申请公益性岗位未获安排，家庭无稳定收入来源",
            "反映2022年产业奖补资金未按承诺发放", "反映外出务工交通补贴至今未兑现",
        ],
        Category::FundsProjects => &[
            "反映村内扶贫产业项目收益分配不公开，脱贫户未获得分红", "反映村里扶贫道路项目质量差，建成一年即出现大面积破损",
            "反映光伏扶贫电站收益使用情况不公开", "反映扶贫车间租金收益去向不明",
        ],
        Category::Housing => &[
            "反映2021年危房改造补助资金至今未到位", "反映其住房已鉴定为C级危房，申请危房改造未获批准",
            "反映危房改造工程质量差，入住不久即出现屋顶漏雨、墙体开裂", "反映危房改造补助被村干部截留一部分",
        ],
        Category::Relocation => &[
            "反映易地扶贫搬迁安置房墙体渗水，多次反映未维修", "反映搬迁后后续扶持措施未落实，家庭就业困难",
            "反映搬迁安置房不动产权证迟迟未办理",
        ],
        Category::Microcredit => &[
            "反映申请扶贫小额信贷被银行以年龄超限为由拒绝", "反映小额信贷到期后贴息资金未按规定拨付",
            "反映被他人借用名义办理扶贫小额信贷，现被银行催收", "反映小额信贷续贷手续繁琐，多次办理未果",
        ],
        Category::CivilRelief => &[
            "反映其家庭低保被无故取消", "反映丈夫瘫痪在床，申请低保多次未获批准",
            "反映临时救助申请提交两个月未获答复", "反映特困供养人员供养金发放不及时",
            "反映低保评议过程不公开，有不符合条件的家庭享受低保",
        ],
        Category::Medical => &[
            "反映住院报销比例低于政策规定", "反映脱贫户参加城乡居民医保的个人缴费资助未到位",
            "反映慢性病门诊卡申办未获通过，药费负担重", "反映大病保险二次报销迟迟未到账",
        ],
        Category::Education => &[
            "反映孩子就读职业高中未享受雨露计划补助", "反映脱贫家庭学生生活补助未按学期发放",
            "反映残疾子女送教上门服务中断", "反映孩子考上大学后申请生源地助学贷款受阻",
        ],
        Category::Disability => &[
            "反映其父亲生前应享受的残疾人两项补贴未足额发放", "反映重度残疾人护理补贴自今年3月起停发",
            "反映残疾等级评定与实际不符，影响补贴享受", "反映困难残疾人生活补贴被错误停发",
        ],
        Category::Other => &[
            "反映村内安全饮水工程出水量不足，夏季经常停水", "反映村里修路占用其承包地未给予补偿",
            "反映土地流转租金拖欠一年未付", "反映村干部对其诉求推诿扯皮、态度生硬",
        ],
    }
}

/// What the handling opinion says, by category: (when the demand is met, when
/// it is explained as outside policy).
#[rustfmt::skip]
pub fn outcomes(category: Category) -> (&'static str, &'static str) {
    match category {
        Category::PreciseIdentification => (
            "经入户核查，该户符合防返贫监测对象标准，已按程序纳入监测帮扶，落实医疗、就业帮扶措施",
            "经入户核查并比对车辆、房产、工商等信息，该户家庭人均纯收入高于监测标准，不符合识别条件，已向其解释政策"),
        Category::PreciseExit => (
            "经核查，该户退出时收入核算有误，已按程序恢复帮扶并落实帮扶措施",
            "经核查，该户退出程序规范、收入稳定达标，退出后“四个不摘”政策继续享受，已向信访人解释"),
        Category::Monitoring => (
            "已按程序将该户纳入防返贫监测对象，落实临时救助和医疗救助，明确帮扶责任人定期走访",
            "经核查，该户家庭收入及刚性支出未达到监测标准，已向其讲解监测政策并纳入日常关注"),
        Category::Assistance => (
            "已督促帮扶责任人落实帮扶措施，补发相关补助，并安排其家庭成员到村公益性岗位就业",
            "经核实，相关帮扶措施已按政策落实到位，所反映补助已于年初发放，已向其出示发放凭证"),
        Category::FundsProjects => (
            "已责令村委会公开项目收益分配明细，补发该户应得收益，并督促施工方对质量问题整改",
            "经审计核查，项目资金使用及收益分配程序合规，账目已在村务公开栏公示，已向其解释说明"),
        Category::Housing => (
            "经核实，该户危房改造补助因验收资料不全滞后拨付，现已补齐资料，补助资金已拨付到户",
            "经住建部门鉴定，该户住房安全等级为B级，不属于危房改造对象，已向其解释政策并协助日常维修"),
        Category::Relocation => (
            "已协调安置点物业对房屋渗水问题进行维修，并为其家庭成员推荐就近就业岗位",
            "经核查，安置房不动产登记正在按批次统一办理，已告知办理进度和时限"),
        Category::Microcredit => (
            "已协调合作银行按政策为其办理小额信贷续贷，贴息资金已足额拨付",
            "经核查，该户申请不符合小额信贷年龄及用途条件，已向其解释政策并推荐其他帮扶渠道"),
        Category::CivilRelief => (
            "经重新核对家庭经济状况，该户符合低保条件，已恢复最低生活保障并补发保障金",
            "经入户核查和民主评议，该户家庭收入超过低保标准，取消程序合规，已对其开展临时救助并做好解释"),
        Category::Medical => (
            "经医保部门复核，该次住院报销少算了倾斜支付部分，差额已补报到账",
            "经医保部门核算，报销比例符合政策规定，部分药品属目录外费用不予报销，已逐项向其解释"),
        Category::Education => (
            "已协调学校及教育部门为其子女补办资助手续，补助资金已发放",
            "经核查，该生资助已按学期足额发放至一卡通账户，已向其出示发放记录"),
        Category::Disability => (
            "经核查，补贴因信息比对异常暂停发放，现已恢复并补发停发期间补贴",
            "经核查，相关补贴已按政策标准足额发放，诉求超出政策标准部分不予支持，已耐心做好解释"),
        Category::Other => (
            "已协调相关部门现场处理，问题已解决，并向信访人反馈处理结果",
            "经现场核实，所反映情况与事实不符，已向其说明调查情况并做好思想疏导"),
    }
}

/// Online platforms: (name, link prefix, what is posted, how reach is counted).
pub const PLATFORMS: &[(&str, &str, &str, &str)] = &[
    ("抖音", "https://v.douyin.com/", "短视频", "次播放"),
    ("快手", "https://v.kuaishou.com/", "短视频", "次播放"),
    (
        "微信公众号",
        "https://mp.weixin.qq.com/s/",
        "文章",
        "次阅读",
    ),
    (
        "今日头条",
        "https://www.toutiao.com/article/",
        "文章",
        "次阅读",
    ),
];

/// Posters' nicknames.
#[rustfmt::skip]
pub const POSTERS: &[&str] = &[
    "建安小老百姓", "许昌热心市民", "乡村记录者", "老家在建安", "中原说事",
    "豫见许昌", "田间小记者", "莲城百事通", "在外打工的建安人",
];

/// Why backlog cases are stuck (积案原因).
pub const BACKLOG_REASONS: &[&str] = &[
    "政策理解分歧，诉求超出政策标准",
    "历史遗留问题，相关证据材料缺失",
    "家庭内部矛盾交织，协调难度大",
    "涉及多个部门职责交叉，化解周期长",
];

/// Case kinds of single cases, weighted.
#[rustfmt::skip]
pub const KINDS: &[(CaseKind, u64)] = &[
    (CaseKind::FirstPetition, 55), (CaseKind::Repeat, 12), (CaseKind::OnlineOpinion, 14),
    (CaseKind::Escalated, 6), (CaseKind::Screening, 13),
];

/// Values with their weights.
pub type Weights<T> = &'static [(T, u64)];

/// How cases of a kind come in: channels and source levels, weighted.
#[rustfmt::skip]
pub fn arrivals(kind: CaseKind) -> (Weights<Channel>, Weights<SourceLevel>) {
    use {Channel as C, SourceLevel as L};
    match kind {
        CaseKind::OnlineOpinion => (&[(C::OnlineOpinion, 1)], &[(L::Own, 60), (L::District, 25), (L::City, 15)]),
        CaseKind::Screening => (&[(C::Other, 1), (C::Visit, 1)], &[(L::Screening, 1)]),
        CaseKind::Escalated => (&[(C::Visit, 50), (C::Online, 30), (C::Letter, 20)], &[(L::Province, 40), (L::City, 60)]),
        _ => (
            &[(C::Letter, 20), (C::Visit, 25), (C::Phone, 15), (C::Online, 15), (C::LeaderMailbox, 8), (C::Hotline12345, 15), (C::Other, 2)],
            &[(L::Province, 7), (L::City, 13), (L::District, 20), (L::Own, 60)],
        ),
    }
}

/// Where generated cases end, for the older and the newer half of the year.
#[rustfmt::skip]
pub const TARGETS: [&[(CaseStatus, u64)]; 2] = [
    &[(CaseStatus::Closed, 82), (CaseStatus::ReturnVisit, 6), (CaseStatus::Handling, 10), (CaseStatus::Assigned, 2)],
    &[(CaseStatus::Closed, 47), (CaseStatus::ReturnVisit, 13), (CaseStatus::Handling, 25), (CaseStatus::Assigned, 15)],
];

/// Findings of handling opinions, weighted.
pub const FINDINGS: &[(Finding, u64)] = &[
    (Finding::True, 35),
    (Finding::Partly, 40),
    (Finding::False, 25),
];

/// The form fields of the four 三到位一处理 answers, in order.
#[rustfmt::skip]
pub const TRI_KEYS: [&str; 4] = ["tri_reasonable", "tri_unreasonable", "tri_hardship", "tri_unlawful"];

/// A one-page PDF standing in for a scanned paper (the xref offsets are exact).
#[rustfmt::skip]
pub const SCAN_PDF: &str = concat!(
    "%PDF-1.4\n",
    "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
    "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
    "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>\nendobj\n",
    "4 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n",
    "5 0 obj\n<< /Length 67 >>\nstream\nBT /F1 16 Tf 72 760 Td (Signed acceptance notice - demo scan) Tj ET\nendstream\nendobj\n",
    "xref\n0 6\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n0000000241 00000 n \n0000000311 00000 n \n",
    "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n428\n%%EOF\n",
);
