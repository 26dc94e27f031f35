//! The SCENARIOS.md stories, told step by step at their real 2022 times.

use xinfang_domain::clock::parse_time;

use super::sim::mins;
use super::{Act, Fields, Plan, ServiceResult, internal};

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
            ("severity", "较大"),
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
            ("2022-10-10 10:05", "yulin", "deliver", &[("document", "受理告知书"), ("note", "下访时当面送达，信访人现场阅签")]),
            ("2022-10-10 16:00", "yulin", "upload", &[("filename", "受理告知书-赵桂兰-签字扫描件.pdf"), ("note", "信访人签字的《信访事项受理告知书》扫描件"), ("signed_document", "acceptance")]),
            ("2022-10-14 10:00", "yibao", "opinion", &[("finding", "部分属实"), ("tri", "是,是,不涉及,不涉及"), ("opinion", "经医保部门逐项复核，该次住院费用少计算脱贫人口倾斜支付部分326.50元，已于10月14日补报到账；其余自费部分属医保目录外药品，按规定不予报销，已向信访人逐项解释。")]),
            ("2022-10-15 09:30", "yulin", "deliver", &[("document", "处理意见书"), ("note", "上门送达，信访人签收")]),
            ("2022-10-15 15:00", "yulin", "upload", &[("filename", "处理意见书-赵桂兰-送达回证.pdf"), ("note", "信访人签收的《信访事项处理意见书》送达回证"), ("signed_document", "opinion")]),
            ("2022-10-20 10:00", "yulin", "return_visit", &[("satisfaction", "满意"), ("stable", "是"), ("note", "入户回访，差额报销款已到账，信访人对处理结果满意")]),
            ("2022-10-20 16:00", "quju", "close", &[("note", "已书面答复并回访满意，办结")]),
        ],
    },
];

/// A story of SCENARIOS.md as a plan.
pub(super) fn story_plan(story: &Story) -> ServiceResult<Plan> {
    let time = |s: &str| parse_time(s).ok_or_else(|| internal(format!("时间有误 {s}")));
    let own = |f: &[(&'static str, &str)]| -> Fields {
        f.iter().map(|(k, v)| (*k, (*v).to_string())).collect()
    };
    let received = story
        .registration
        .iter()
        .find(|(k, _)| *k == "received_at")
        .map_or("", |(_, v)| *v);
    let mut acts = Vec::new();
    for &(at, who, step, fields) in story.acts {
        acts.push(Act {
            at: time(at)?,
            who,
            step,
            fields: own(fields),
        });
    }
    Ok(Plan {
        registration: own(story.registration),
        at: time(received)? + mins(15),
        acts,
    })
}
