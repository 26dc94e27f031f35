//! Tables for the demo district: accounts, names, the 2022 calendar, and the
//! sentences cases are written with. Pure data; `demo.rs` does the work.

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

/// Notes for a phone contact.
pub const PHONE_NOTES: &[&str] = &[
    "告知信访人其反映事项已受理，了解诉求详细情况，约定上门核实时间",
    "核实信访人身份及诉求，告知办理流程和时限",
    "信访人情绪平稳，同意等待调查结果",
];

/// Notes for a return visit with a satisfied petitioner.
pub const SATISFIED_NOTES: &[&str] = &[
    "入户回访，信访人对处理结果表示满意，情绪稳定",
    "电话回访，信访人对处理意见无异议，表示满意",
    "会同村两委干部回访，信访人认可处理结果，表示不再上访",
];

/// One act of a story: local time, login name, step (or `upload`), fields.
/// Field keys are the step form's, except `unit`/`co` (organisation codes),
/// `handler`/`leader` (login names) and `tri` (four answers, comma-separated).
pub type StoryAct = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// A case told exactly as in SCENARIOS.md. Registration keys are the
/// registration form's, except `township` (code) and `village` (name).
#[derive(Debug)]
pub struct Story {
    /// The registration form.
    pub registration: &'static [(&'static str, &'static str)],
    /// What happened afterwards.
    pub acts: &'static [StoryAct],
}

const WANG_BAOQUAN: [(&str, &str); 5] = [
    ("petitioner_name", "王保全"),
    ("petitioner_id_number", "411023195603121317"),
    ("petitioner_phone", "13837467215"),
    ("petitioner_address", "建安区张潘镇古城村3组"),
    ("poverty_status", "脱贫户"),
];

/// Stories 1, 2, 3, 5 and the provincial cases of story 6, oldest first.
#[rustfmt::skip]
pub const STORIES: &[Story] = &[
    // 5. 刘铁柱: the backlog case, still open.
    Story {
        registration: &[
            ("kind", "重复访"),
            ("channel", "来访"),
            ("source_level", "市交办"),
            ("received_at", "2022-01-17 10:00"),
            ("township", "411003203"),
            ("village", "河街村"),
            ("category", "残疾人补贴"),
            ("summary", "反映其已故父亲刘长顺生前应享受的残疾人两项补贴未足额发放，要求补发2016年至2020年的补贴差额；2021年以来已多次信访"),
            ("petitioner_name", "刘铁柱"),
            ("petitioner_id_number", "411023196806201557"),
            ("petitioner_phone", "13903745826"),
            ("petitioner_address", "建安区河街乡河街村5组"),
            ("poverty_status", "一般户"),
            ("companions", "刘二柱"),
            ("backlog", "是"),
            ("backlog_reason", "政策理解分歧，诉求超出政策标准"),
            ("remarks", "2021年以来累计信访7次；一案一策化解方案限2022年11月30日前完成"),
        ],
        acts: &[
            ("2022-01-17 15:00", "quju", "assign", &[("unit", "411003-D07"), ("co", "411003203"), ("handler", "canlian"), ("leader", "baoan1"), ("note", "列入积案台账，由张国华副区长包案，区残联牵头、河街乡配合，一案一策，限2022年11月30日前化解")]),
            ("2022-01-17 16:30", "hejie", "contact", &[("method", "电话联系"), ("note", "告知刘铁柱已由区残联牵头办理、张国华副区长包案")]),
            ("2022-01-18 10:00", "canlian", "visit", &[("place", "河街乡河街村刘铁柱家中"), ("note", "区残联会同河街乡与信访人当面沟通，听取诉求，调取其父补贴发放记录")]),
            ("2022-01-20 11:00", "baoan1", "comment", &[("note", "制定一案一策化解方案：区残联牵头核查补贴发放底账，河街乡负责稳控和每月走访，11月30日前化解到位")]),
            ("2022-01-21 17:00", "canlian", "report", &[("report_kind", "初步调查报告"), ("note", "已调取2016年以来补贴发放底账，初步核实2019年下半年护理补贴存在漏发")]),
            ("2022-02-25 10:00", "hejie", "contact", &[("method", "上门走访"), ("note", "每月例行跟踪，信访人情绪平稳")]),
            ("2022-03-28 09:30", "hejie", "contact", &[("method", "上门走访"), ("note", "每月例行跟踪，告知补贴底账核查进展")]),
            ("2022-04-26 10:00", "hejie", "contact", &[("method", "电话联系"), ("note", "每月例行跟踪，信访人情绪平稳")]),
            ("2022-05-27 15:00", "hejie", "contact", &[("method", "上门走访"), ("note", "每月例行跟踪，信访人要求加快核查进度")]),
            ("2022-06-28 10:00", "hejie", "contact", &[("method", "上门走访"), ("note", "每月例行跟踪，信访人情绪平稳")]),
            ("2022-07-27 09:30", "hejie", "contact", &[("method", "电话联系"), ("note", "每月例行跟踪，告知区残联已完成底账核查")]),
            ("2022-08-26 10:00", "hejie", "contact", &[("method", "上门走访"), ("note", "每月例行跟踪，信访人情绪平稳")]),
            ("2022-09-20 15:00", "canlian", "opinion", &[("finding", "部分属实"), ("tri", "是,是,不涉及,不涉及"), ("opinion", "经核查2016年以来补贴发放底账，刘长顺2019年7月至12月重度残疾人护理补贴因资格复核漏发，已补发600元；其余年份补贴已按当年标准足额发放，要求按现行标准补发差额的诉求超出政策标准，不予支持。")]),
            ("2022-09-26 10:00", "hejie", "return_visit", &[("satisfaction", "不满意"), ("stable", "否"), ("note", "信访人对补发金额不满意，坚持要求按现行标准补发，扬言到市里上访")]),
            ("2022-09-27 09:00", "quju", "urge", &[("note", "该积案回访不满意且有越级访苗头，请区残联、河街乡加强稳控，10月底前再次化解")]),
            ("2022-10-12 11:00", "baoan1", "comment", &[("note", "请区残联、河街乡再次入户做好政策解释，必要时组织公开听证")]),
            ("2022-10-20 15:00", "hejie", "visit", &[("place", "河街乡河街村刘铁柱家中"), ("note", "会同区残联再次入户，逐年核对补贴发放明细，邀请村老党员参与说和")]),
            ("2022-10-25 16:00", "canlian", "opinion", &[("finding", "部分属实"), ("tri", "是,是,是,不涉及"), ("opinion", "经再次核查并听取村民代表意见，维持漏发补贴已补发的处理；鉴于其家庭困难，由河街乡为其申请临时救助2000元。对超出政策标准的诉求，已再次解释。")]),
            ("2022-10-28 10:00", "hejie", "return_visit", &[("satisfaction", "不满意"), ("stable", "是"), ("note", "信访人仍坚持原诉求，但接受临时救助，表示不再越级上访，情绪稳定，继续跟踪化解")]),
            ("2022-11-25 10:00", "hejie", "contact", &[("method", "上门走访"), ("note", "每月例行跟踪，信访人情绪稳定")]),
        ],
    },
    // 1. 王保全's first letter in May, answered and closed.
    Story {
        registration: &[
            ("kind", "初信初访"),
            ("channel", "来信"),
            ("source_level", "本级受理"),
            ("received_at", "2022-05-16 09:40"),
            ("township", "411003105"),
            ("village", "古城村"),
            ("category", "危房改造"),
            ("summary", "来信反映其2021年危房改造已按要求完工，但补助资金至今未到位"),
            WANG_BAOQUAN[0], WANG_BAOQUAN[1], WANG_BAOQUAN[2], WANG_BAOQUAN[3], WANG_BAOQUAN[4],
        ],
        acts: &[
            ("2022-05-16 15:10", "quju", "assign", &[("unit", "411003105"), ("co", "411003-D04"), ("handler", "zhangpan"), ("note", "请张潘镇牵头、区住建局配合核实补助资金拨付情况")]),
            ("2022-05-17 09:30", "zhangpan", "contact", &[("method", "电话联系"), ("note", "告知王保全其来信已受理，约定5月18日上门核实")]),
            ("2022-05-18 10:00", "zhangpan", "visit", &[("place", "张潘镇古城村王保全家中"), ("notice_signed", "是"), ("note", "会同区住建局工作人员带件下访，查看改造后房屋，讲解办理时限")]),
            ("2022-05-25 16:00", "zhangpan", "opinion", &[("finding", "部分属实"), ("tri", "是,是,是,不涉及"), ("opinion", "经核实，该户2021年危房改造已竣工验收，补助资金因拨付批次原因尚未到账；已协调区住建局、区财政局于2022年6月底前拨付到户。对其要求提高补助标准的诉求，已向其解释政策。")]),
            ("2022-05-30 10:30", "zhangpan", "return_visit", &[("satisfaction", "满意"), ("stable", "是"), ("note", "入户回访，信访人对处理意见表示满意，同意等待资金拨付")]),
            ("2022-05-31 09:00", "quju", "close", &[("note", "已答复信访人并回访满意，办结")]),
        ],
    },
    // 1. 王保全 again, from the province: found as a repeat of May, 办理中.
    Story {
        registration: &[
            ("kind", "初信初访"),
            ("channel", "网上信访"),
            ("source_level", "省交办"),
            ("key_assigned", "是"),
            ("received_at", "2022-09-26 09:10"),
            ("township", "411003105"),
            ("village", "古城村"),
            ("category", "危房改造"),
            ("summary", "反映其2021年危房改造补助资金至今未到位；今年5月已来信反映，当时答复6月底前拨付，但至今仍未兑现"),
            WANG_BAOQUAN[0], WANG_BAOQUAN[1], WANG_BAOQUAN[2], WANG_BAOQUAN[3], WANG_BAOQUAN[4],
        ],
        acts: &[
            ("2022-09-26 10:05", "quju", "assign", &[("unit", "411003-D04"), ("co", "411003105"), ("handler", "zhujian"), ("note", "省交办重点交办件（重复访）：当日联系信访人，24小时内面对面沟通，3个工作日内报送初步调查报告")]),
            ("2022-09-26 15:40", "zhangpan", "contact", &[("method", "电话联系"), ("note", "告知王保全其反映事项已由区住建局牵头、张潘镇协办，约定次日上门面谈；信访人情绪平稳")]),
            ("2022-09-27 09:30", "zhangpan", "visit", &[("place", "张潘镇古城村王保全家中"), ("note", "会同区住建局冯志远与信访人当面沟通，了解5月答复后资金仍未拨付的情况，调阅改造验收资料")]),
        ],
    },
    // 6. Two provincial cases completed in the week of 10-10.
    Story {
        registration: &[
            ("kind", "初信初访"),
            ("channel", "网上信访"),
            ("source_level", "省交办"),
            ("received_at", "2022-09-28 10:20"),
            ("township", "411003100"),
            ("village", "后河村"),
            ("category", "民政救助"),
            ("summary", "反映其老伴去世后独自生活，特困供养申请提交三个月至今未获审批"),
            ("petitioner_name", "杨广田"),
            ("petitioner_id_number", "411003194903021174"),
            ("petitioner_phone", "18739012245"),
            ("petitioner_address", "建安区将官池镇后河村2组"),
            ("poverty_status", "脱贫户"),
        ],
        acts: &[
            ("2022-09-28 14:00", "quju", "assign", &[("unit", "411003100"), ("co", "411003-D01"), ("handler", "jiangguanchi"), ("note", "省交办件，请按时限办理，办结后报区乡村振兴局")]),
            ("2022-09-28 16:10", "jiangguanchi", "contact", &[("method", "电话联系"), ("note", "告知杨广田其反映事项已受理，约定次日上门")]),
            ("2022-09-29 10:00", "jiangguanchi", "visit", &[("place", "将官池镇后河村杨广田家中"), ("notice_signed", "是"), ("note", "会同区民政局工作人员带件下访，核实家庭情况和申请材料")]),
            ("2022-10-11 10:00", "jiangguanchi", "opinion", &[("finding", "属实"), ("tri", "是,不涉及,是,不涉及"), ("opinion", "经核实，该户符合特困人员认定条件，申请材料在乡镇审核环节滞留；现已完成审批，自10月起按月发放特困供养金，并补发9月份供养金。")]),
            ("2022-10-12 15:00", "jiangguanchi", "return_visit", &[("satisfaction", "满意"), ("stable", "是"), ("note", "入户回访，供养金已到账，信访人表示满意")]),
            ("2022-10-13 09:30", "quju", "close", &[("note", "省交办件已办结，纳入本周报市乡村振兴局")]),
        ],
    },
    Story {
        registration: &[
            ("kind", "初信初访"),
            ("channel", "领导信箱"),
            ("source_level", "省交办"),
            ("key_assigned", "是"),
            ("received_at", "2022-09-29 15:00"),
            ("township", "411003101"),
            ("village", "东张村"),
            ("category", "医疗保障"),
            ("summary", "反映其患慢性肾病需长期透析，申办门诊慢特病待遇未获通过，药费负担重"),
            ("petitioner_name", "韩玉梅"),
            ("petitioner_id_number", "411023197504092281"),
            ("petitioner_phone", "15037416630"),
            ("petitioner_address", "建安区五女店镇东张村4组"),
            ("poverty_status", "监测对象"),
        ],
        acts: &[
            ("2022-09-29 16:30", "quju", "assign", &[("unit", "411003-D02"), ("co", "411003101"), ("handler", "yibao"), ("note", "省交办重点交办件，请区医保局牵头、五女店镇配合办理")]),
            ("2022-09-30 09:20", "wunvdian", "contact", &[("method", "电话联系"), ("note", "告知韩玉梅其反映事项已受理，约定节后上门")]),
            ("2022-10-08 10:00", "wunvdian", "visit", &[("place", "五女店镇东张村韩玉梅家中"), ("notice_signed", "是"), ("note", "会同区医保局周建平带件下访，查看病历和透析票据")]),
            ("2022-10-11 15:00", "yibao", "opinion", &[("finding", "属实"), ("tri", "是,不涉及,是,不涉及"), ("opinion", "经复核，其病情符合门诊慢特病认定标准，此前因鉴定材料缺失未通过；现已补充材料完成认定，门诊透析费用按规定报销。")]),
            ("2022-10-12 10:00", "wunvdian", "return_visit", &[("satisfaction", "满意"), ("stable", "是"), ("note", "电话回访，信访人已领到门诊慢特病待遇，表示满意")]),
            ("2022-10-12 16:00", "quju", "close", &[("note", "省交办件已办结，纳入本周报市乡村振兴局")]),
        ],
    },
    // 2. The video over National Day.
    Story {
        registration: &[
            ("kind", "网络舆情"),
            ("channel", "网络舆情"),
            ("source_level", "区交办"),
            ("received_at", "2022-09-30 20:30"),
            ("township", "411003106"),
            ("village", "霍庄村"),
            ("category", "民政救助"),
            ("summary", "网民“灵井霍庄芳芳”在抖音发布短视频，称其家庭低保被村里无故取消、评议不公，视频播放量约1.2万次"),
            ("platform", "抖音"),
            ("link", "https://v.douyin.com/jA7kR2m/"),
            ("poster", "灵井霍庄芳芳"),
            ("posted_at", "2022-09-30 19:50"),
            ("discovered_at", "2022-09-30 20:20"),
            ("reach", "1.2万次播放"),
        ],
        acts: &[
            ("2022-09-30 20:50", "quju", "assign", &[("unit", "411003106"), ("co", "411003-D01,411003-D10"), ("handler", "lingjing"), ("note", "网络舆情：6小时内联系宣传网信部门，18小时内联系发帖人并当面沟通，24小时内报送舆情应对措施报告，72小时内处置完毕")]),
            ("2022-09-30 21:40", "lingjing", "contact", &[("method", "联系宣传网信部门"), ("note", "向区委宣传部、区委网信办通报舆情，协同开展监测研判，防止扩散发酵")]),
            ("2022-10-01 10:20", "lingjing", "contact", &[("method", "当面沟通"), ("note", "经村干部辨认，发帖人为霍庄村村民霍某芳；与其当面沟通，了解低保取消经过，做好情绪疏导，其同意等待复核结果")]),
            ("2022-10-01 16:30", "lingjing", "report", &[("report_kind", "舆情应对措施报告"), ("note", "已落实属地回应、当面沟通和舆情监测措施；民政部门已启动低保资格复核，视频热度明显下降")]),
            ("2022-10-01 18:00", "wangxin", "comment", &[("note", "网信办持续监测，该视频评论区已趋于平稳，未发现二次传播")]),
            ("2022-10-03 15:00", "minzheng", "report", &[("report_kind", "处置情况报告"), ("note", "经重新核对家庭经济状况：该户今年1月因子女务工收入增加被取消低保；其丈夫7月因病丧失劳动能力，家庭收入下降，现已符合低保条件，按程序恢复低保")]),
            ("2022-10-03 16:00", "lingjing", "opinion", &[("finding", "部分属实"), ("tri", "是,是,是,不涉及"), ("opinion", "经调查，该户年初取消低保程序合规，但未及时跟踪家庭变化；现已恢复该户最低生活保障，自10月起按月发放，并给予临时救助1000元。")]),
            ("2022-10-08 10:00", "lingjing", "return_visit", &[("satisfaction", "满意"), ("stable", "是"), ("note", "入户回访，信访人对处理结果满意，已自行删除视频")]),
            ("2022-10-09 09:30", "quju", "close", &[("note", "舆情已平息，处置情况已报区委网信办")]),
        ],
    },
    // 3. 赵桂兰's letter on the makeup Saturday.
    Story {
        registration: &[
            ("kind", "初信初访"),
            ("channel", "来信"),
            ("source_level", "本级受理"),
            ("received_at", "2022-10-08 09:30"),
            ("township", "411003206"),
            ("village", "榆林村"),
            ("category", "医疗保障"),
            ("summary", "来信反映其今年8月住院治疗后报销比例低于脱贫人口医疗保障政策规定，要求重新核算"),
            ("petitioner_name", "赵桂兰"),
            ("petitioner_id_number", "411023195711042624"),
            ("petitioner_phone", "15136791482"),
            ("petitioner_address", "建安区榆林乡榆林村2组"),
            ("poverty_status", "脱贫户"),
        ],
        acts: &[
            ("2022-10-08 11:00", "quju", "assign", &[("unit", "411003-D02"), ("co", "411003206"), ("handler", "yibao"), ("note", "初信初访：1日内联系信访人，3日内带件下访并现场阅签受理告知书，10日内办结答复")]),
            ("2022-10-08 15:20", "yulin", "contact", &[("method", "电话联系"), ("note", "告知赵桂兰来信已受理，约定10月10日会同区医保局上门")]),
            ("2022-10-10 10:00", "yulin", "visit", &[("place", "榆林乡榆林村赵桂兰家中"), ("notice_signed", "是"), ("note", "会同区医疗保障局周建平带件下访，查看住院票据，宣读告知内容，承诺10月18日前书面答复")]),
            ("2022-10-10 16:00", "yulin", "upload", &[("filename", "受理告知书-赵桂兰-签字扫描件.pdf"), ("note", "信访人签字的《信访事项受理告知书》扫描件")]),
            ("2022-10-14 10:00", "yibao", "opinion", &[("finding", "部分属实"), ("tri", "是,是,不涉及,不涉及"), ("opinion", "经医保部门逐项复核，该次住院费用少计算脱贫人口倾斜支付部分326.50元，已于10月14日补报到账；其余自费部分属医保目录外药品，按规定不予报销，已向信访人逐项解释。")]),
            ("2022-10-15 09:30", "yulin", "contact", &[("method", "上门走访"), ("note", "送达《信访事项处理意见书》，信访人签收")]),
            ("2022-10-20 10:00", "yulin", "return_visit", &[("satisfaction", "满意"), ("stable", "是"), ("note", "入户回访，差额报销款已到账，信访人对处理结果满意")]),
            ("2022-10-20 16:00", "quju", "close", &[("note", "已书面答复并回访满意，办结")]),
        ],
    },
];

/// A templated step of a generated case: gap unit (`m`: minutes, any hour;
/// `w`: minutes, but nights move to the next morning; `d`: calendar days,
/// then office hours on a working day), gap bounds, who
/// (`officer`, `lead`, `leader` or a login name), step, and fields. Values
/// may hold `{place}` and `{with}`; `@phone` and `@satisfied` pick a note.
pub type Template = (
    &'static str,
    i64,
    i64,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// The 办 steps each kind calls for, in order, with its deadlines in mind.
#[rustfmt::skip]
pub fn handling(kind: CaseKind) -> &'static [Template] {
    match kind {
        CaseKind::FirstPetition => &[
            ("w", 30, 480, "officer", "contact", &[("method", "电话联系"), ("note", "@phone")]),
            ("w", 360, 2600, "officer", "visit", &[("place", "{place}"), ("notice_signed", "是"), ("note", "{with}带件下访，入户核实情况，讲解受理范围和办理时限")]),
        ],
        CaseKind::Screening => &[
            ("w", 30, 600, "officer", "contact", &[("method", "上门走访"), ("note", "排查中入户了解情况，登记群众诉求，告知办理流程")]),
            ("d", 1, 3, "officer", "visit", &[("place", "{place}"), ("note", "{with}入户核查，逐项比对政策落实情况")]),
            ("d", 1, 3, "lead", "report", &[("report_kind", "调查报告"), ("note", "已完成核查，形成调查报告并提出处置建议")]),
        ],
        CaseKind::Repeat | CaseKind::Escalated => &[
            ("m", 20, 180, "officer", "contact", &[("method", "电话联系"), ("note", "告知信访人已明确责任单位和承办人，约定当面沟通")]),
            ("w", 900, 1300, "lead", "visit", &[("place", "{place}"), ("note", "与信访人当面沟通，听取诉求，了解此前信访处理情况")]),
            ("d", 1, 2, "lead", "report", &[("report_kind", "初步调查报告"), ("note", "已初步核实信访人反映的主要事实，明确化解措施，形成初步调查报告")]),
            ("d", 3, 6, "lead", "report", &[("report_kind", "处置情况报告"), ("note", "已按化解措施处置，形成处置情况报告")]),
        ],
        CaseKind::OnlineOpinion => &[
            ("m", 30, 240, "officer", "contact", &[("method", "联系宣传网信部门"), ("note", "向区委宣传部、区委网信办通报舆情，协同开展监测研判，防止扩散发酵")]),
            ("w", 60, 240, "officer", "contact", &[("method", "当面沟通"), ("note", "找到发帖人并当面沟通，了解诉求，做好情绪疏导")]),
            ("w", 120, 360, "lead", "report", &[("report_kind", "舆情应对措施报告"), ("note", "已落实属地回应、当面沟通和舆情监测措施，相关内容热度明显下降")]),
            ("w", 1200, 2200, "lead", "report", &[("report_kind", "处置情况报告"), ("note", "问题已调查处置，发帖人表示理解，形成处置情况报告")]),
        ],
    }
}

/// How soon the district assigns a case of each kind, and what it writes.
#[rustfmt::skip]
pub fn assignment(kind: CaseKind) -> (&'static str, i64, i64, &'static str) {
    match kind {
        CaseKind::Repeat | CaseKind::Escalated => ("m", 30, 150, "当日联系信访人，24小时内明确责任人并面对面沟通，3个工作日内报送初步调查报告，10个工作日内报送处置情况报告"),
        CaseKind::OnlineOpinion => ("m", 10, 40, "网络舆情：6小时内联系宣传网信部门，18小时内联系发帖人，24小时内报送舆情应对措施报告，72小时内处置完毕"),
        _ => ("w", 20, 240, "请按“六步工作法”办理：1日内联系信访人，3日内带件下访，10日内办结答复"),
    }
}

/// A first petition's handling report, for some of them.
#[rustfmt::skip]
pub const EXTRA_REPORT: Template = ("d", 1, 4, "lead", "report", &[("report_kind", "处置情况报告"), ("note", "已完成调查核实，形成处置情况报告")]);
/// The leader's instruction on a backlog case.
#[rustfmt::skip]
pub const LEADER_COMMENT: Template = ("w", 60, 480, "leader", "comment", &[("note", "已阅。请承办单位制定一案一策化解方案，每月至少入户走访一次，按期化解到位")]);
/// 催办 on a case that is late.
#[rustfmt::skip]
pub const URGE: Template = ("d", 5, 12, "quju", "urge", &[("note", "该案件办理进度滞后，请承办单位加快办理，按期反馈办理结果")]);
/// 督办升级 after the urge did not help.
#[rustfmt::skip]
pub const ESCALATE: Template = ("d", 5, 10, "quju", "escalate", &[("note", "经催办仍未按期办结，升级督办，请承办单位主要负责人亲自过问")]);
/// 催办 for the opinion.
#[rustfmt::skip]
pub const URGE_OPINION: Template = ("d", 1, 3, "quju", "urge", &[("note", "请承办单位抓紧出具处理意见，按期答复信访人")]);
/// A dissatisfied return visit and the second look that follows.
#[rustfmt::skip]
pub const DISSATISFIED: [Template; 2] = [
    ("d", 2, 5, "officer", "return_visit", &[("satisfaction", "不满意"), ("stable", "是"), ("note", "回访时信访人对处理结果不满意，要求进一步解决，退回承办单位继续办理")]),
    ("d", 2, 6, "officer", "visit", &[("place", "{place}"), ("note", "{with}再次入户，重新核查信访人反映的问题")]),
];
/// The monthly visit on a backlog case.
#[rustfmt::skip]
pub const MONTHLY: Template = ("d", 25, 35, "officer", "contact", &[("method", "上门走访"), ("note", "积案每月例行跟踪，信访人情绪平稳")]);
/// Delivering the handling opinion.
#[rustfmt::skip]
pub const DELIVERY: Template = ("d", 0, 1, "officer", "contact", &[("method", "上门走访"), ("note", "送达《信访事项处理意见书》，信访人签收")]);
/// The satisfied return visit.
#[rustfmt::skip]
pub const SATISFIED: Template = ("d", 2, 6, "officer", "return_visit", &[("satisfaction", "满意"), ("stable", "是"), ("note", "@satisfied")]);
/// Closing; provincial cases are reported to the city.
#[rustfmt::skip]
pub const CLOSE: [Template; 2] = [
    ("d", 0, 2, "quju", "close", &[("note", "经回访信访人满意，案件办结")]),
    ("d", 0, 2, "quju", "close", &[("note", "省交办件已办结，按要求报市乡村振兴局")]),
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
