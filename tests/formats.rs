//! The other formats, each built from its example and read back with pdftotext: the
//! 单位决算 of 新乡 (henan-unit), the Liaoning 部门决算 of 凌源 (liaoning-department) and the
//! 部门预算 of 殷都 (henan-budget). Table figures equal the published ones; the narrative's
//! computed figures equal the published ones where right and the corrected ones where wrong.

use std::sync::LazyLock;

use crate::common::{Built, squeeze};

static XINXIANG: LazyLock<Built> = LazyLock::new(|| Built::example("xinxiang-2024"));
static LINGYUAN: LazyLock<Built> = LazyLock::new(|| Built::example("lingyuan-2024"));
static YINDU: LazyLock<Built> = LazyLock::new(|| Built::example("yindu-2024-budget"));

/// Asserts that some line of the PDF text holds `cells` in this order.
fn row(report: &Built, cells: &[&str]) {
    let found = report.text.lines().any(|line| {
        let mut fields = line.split_whitespace();
        cells.iter().all(|cell| fields.any(|f| f == *cell))
    });
    assert!(found, "no line holds {cells:?}");
}

/// Asserts that the text (whitespace removed) holds each of `sentences`.
fn says(report: &Built, sentences: &[&str]) {
    let text = squeeze(&report.text);
    for sentence in sentences {
        let wanted: String = sentence.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&wanted), "the report does not say {wanted}");
    }
}

fn never_says(report: &Built, phrase: &str) {
    assert!(
        !squeeze(&report.text).contains(phrase),
        "the report says {phrase}"
    );
}

#[test]
fn xinxiang_has_the_unit_report_structure() {
    says(
        &XINXIANG,
        &[
            "2024年度新乡市人力资源和社会保障局（本级）单位决算二〇二五年九月",
            "第一部分新乡市人力资源和社会保障局（本级）概况",
            "一、单位职责",
            "本决算为新乡市人力资源和社会保障局（本级）决算。",
            "第二部分2024年度单位决算表",
            "九、一般公共预算财政拨款“三公”经费支出决算表",
            "单位名称：新乡市人力资源和社会保障局（本级）",
            "第五部分附件",
            "项目支出绩效自评情况表2025年09月",
            "博士后工作站（基地）及博士后相关奖励经费项目支出绩效自评总结报告",
        ],
    );
}

#[test]
fn xinxiang_tables_print_the_published_figures() {
    let x = &XINXIANG;
    row(
        x,
        &[
            "八、其他收入",
            "8",
            "32.46",
            "八、社会保障和就业支出",
            "39",
            "2,591.13",
        ],
    );
    row(
        x,
        &[
            "本年收入合计",
            "27",
            "2,904.35",
            "本年支出合计",
            "58",
            "2,902.79",
        ],
    );
    row(
        x,
        &[
            "年初结转和结余",
            "29",
            "69.44",
            "年末结转和结余",
            "60",
            "71.01",
        ],
    );
    row(x, &["总计", "31", "2,973.79", "总计", "62", "2,973.79"]);
    row(x, &["合计", "2,904.35", "2,871.89", "32.46"]);
    row(x, &["2080199", "125.02", "124.90", "0.11"]);
    row(x, &["合计", "2,902.79", "2,265.72", "637.07"]);
    row(
        x,
        &[
            "本年收入合计",
            "27",
            "2,871.89",
            "本年支出合计",
            "59",
            "2,871.89",
            "2,871.89",
        ],
    );
    row(x, &["合计", "2,871.89", "2,265.72", "606.17"]);
    row(x, &["2080199", "124.90", "1.20", "123.70"]);
    row(x, &["人员经费合计", "2,123.31", "公用经费合计", "142.41"]);
    row(
        x,
        &[
            "6.30", "3.30", "3.30", "3.00", "7.72", "3.87", "3.87", "3.85",
        ],
    );
}

#[test]
fn xinxiang_narrative_figures_computed_and_corrected() {
    says(
        &XINXIANG,
        &[
            "收、支总计各减少323.85万元，下降9.82%",
            "财政拨款收入2,871.89万元，占98.88%；其他收入32.46万元，占1.12%",
            "基本支出2,265.72万元，占78.05%；项目支出637.07万元，占21.95%",
            "占支出合计的98.94%",
            "完成年初预算的111.41%",
            "完成年初预算的1,389.76%",
            // C-X15: the class shares add up to 100.00%.
            "农林水（类）支出3.00万元，占0.11%",
            // C-X13: names from the dictionary by code.
            "农林水支出（类）巩固脱贫攻坚成果衔接乡村振兴（款）其他巩固脱贫攻坚成果衔接乡村振兴支出（项）",
            "完成预算的122.54%",
            "完成预算的117.27%，占50.13%",
            "完成预算的128.33%，占49.87%",
            "增加18.06万元，增长14.52%",
            // C-X7: coverage on Σ 全年执行数 of the 5 projects with a 自评表.
            "其中，项目5个，共涉及资金239.48万元，占一般公共预算项目支出总额的39.51%",
            // C-X8: the 整体 evaluation names 一般公共预算财政拨款支出.
            "涉及一般公共预算支出2,871.89万元，政府性基金预算支出0万元",
            // C-X1, C-X3, C-X4: figures and scores of the 自评表.
            "项目绩效自评得分为98.52分。项目全年预算数为200.00万元，执行数为170.34万元，完成预算的85.17%",
            "项目绩效自评得分为80分。项目全年预算数为100.00万元，执行数为0万元，完成预算的0%",
        ],
    );
    // C-X16: no rate of a zero budget.
    never_says(
        &XINXIANG,
        "年初预算为0万元，支出决算为0万元，完成年初预算的0%",
    );
}

#[test]
fn lingyuan_has_the_liaoning_structure_and_numbering() {
    let text = squeeze(&LINGYUAN.text);
    let parts = [
        "第一部分辽宁省朝阳市凌源市人力资源和社会保障局概况",
        "第二部分2024年度部门决算情况说明",
        "第三部分名词解释",
        "第四部分2024年度部门决算表",
        "第五部分附件",
    ];
    let mut at = 0;
    for part in parts {
        at += text[at..]
            .find(part)
            .unwrap_or_else(|| panic!("{part} missing or out of order"));
    }
    says(
        &LINGYUAN,
        &[
            "七、财政拨款“三公”经费支出决算表",
            "八、政府性基金预算财政拨款收入支出决算表",
            "九、国有资本经营预算财政拨款支出决算表",
            "公开07表",
            "如本表为空，则我部门本年度无此类资金收支余。",
            "部门（单位）整体绩效自评表",
            "预算项目（政策）绩效自评表",
        ],
    );
}

#[test]
fn lingyuan_tables_print_whole_wan_yuan() {
    let l = &LINGYUAN;
    row(
        l,
        &[
            "一、一般公共预算财政拨款收入",
            "1",
            "7,943",
            "一、一般公共服务支出",
            "32",
            "466",
        ],
    );
    row(
        l,
        &[
            "三、国有资本经营预算财政拨款收入",
            "3",
            "30",
            "三、国防支出",
            "34",
        ],
    );
    row(
        l,
        &["本年收入合计", "27", "7,973", "本年支出合计", "58", "7,973"],
    );
    row(l, &["总计", "31", "7,973", "总计", "62", "7,973"]);
    row(l, &["合计", "7,973", "1,423", "6,550"]);
    row(l, &["2080106", "就业管理事务", "298", "251", "46"]);
    row(
        l,
        &[
            "20801",
            "人力资源和社会保障管理事务",
            "3,828",
            "671",
            "3,158",
        ],
    );
    row(l, &["2080501", "行政单位离退休", "0", "0"]);
    row(l, &["本年支出合计", "59", "7,973", "7,943", "30"]);
    row(l, &["人员经费合计", "1,277", "公用经费合计", "146"]);
    row(l, &["3、公务用车购置及运行费", "12", "9"]);
    row(
        l,
        &["2230105", "国有企业退休人员社会化管理补助支出", "30", "30"],
    );
}

#[test]
fn lingyuan_narrative_figures_computed_and_corrected() {
    says(
        &LINGYUAN,
        &[
            "收入总计7972.87万元，包括：",
            "财政拨款收入7972.87万元，占收入总计的100.00%",
            "今年收入总计减少693.38万元，降低8.00%",
            "基本支出1423.31万元，占支出总计的17.85%",
            "项目支出6549.56万元，占支出总计的82.15%",
            "工资福利支出1248.35万元；商品和服务支出146.48万元；对个人和家庭的补助28.48万元",
            "基本支出完成年初预算的92.89%",
            "行政运行（项）185.24万元，主要是人力资源和社会保障局工资福利和商品服务等支出，完成年初预算的93.14%",
            "就业见习补贴（项）31.96万元，主要是就业见习补贴等支出，完成年初预算的42.51%",
            // C-L10: no 完成年初预算的0% without a 年初预算.
            "公益性岗位补贴（项）1193.01万元，主要是公益性岗位补贴等支出，年初未安排预算",
            "“三公”经费支出9.47万元，完成预算的78.92%，决算数小于预算数",
            "比上年减少5.35万元，降低36.10%",
            "机关运行经费支出42.08万元",
            "比上年增加19.77万元，增长88.61%",
            // C-L6: Σ 全年执行数 of the 13 自评表.
            "涉及资金6478.36万元（其中：一般公共预算资金6458.36万元，政府性基金预算资金0.00万元，国有资本经营预算资金20.00万元）",
            // C-L8: coverage by funds.
            "达到98.91%",
            "组织对5个单位开展整体绩效自评，涉及资金1437.72万元",
            // C-L1, C-L2, C-L5: the 自评表's figures.
            "项目全年预算数为789.14万元，全年执行数为743.57万元，完成预算的94.23%",
            "项目全年预算数为10.67万元，全年执行数为9.08万元，完成预算的85.10%",
            "项目全年预算数为2308.29万元，全年执行数为2308.27万元，完成预算的100.00%",
            "项目自评得分89分",
        ],
    );
    // C-L11 and C-L13: no rate on a zero 三公 budget; only the 款 with an amount are listed.
    never_says(&LINGYUAN, "完成预算的0.00%");
    never_says(&LINGYUAN, "离休费、退休费");
}

#[test]
fn yindu_has_the_budget_structure() {
    says(
        &YINDU,
        &[
            "2024年部门预算安阳市殷都区人力资源和社会保障局",
            "2024年部门预算情况说明",
            "2024年部门收支预算表",
            "预算10表",
            "本级部门（单位）整体绩效目标表",
            "2024年单位预算项目绩效目标汇总表",
            "预算09表为空表",
        ],
    );
}

#[test]
fn yindu_tables_print_the_published_figures() {
    let y = &YINDU;
    row(
        y,
        &["一、一般公共预算", "4,920.44", "一、一般公共服务", "0.25"],
    );
    row(
        y,
        &[
            "七、上级补助收入",
            "1,271.70",
            "八、社会保障和就业",
            "5,978.23",
        ],
    );
    row(y, &["本年收入合计", "6,192.14", "本年支出合计", "6,192.14"]);
    row(
        y,
        &[
            "合计", "6,192.14", "6,192.14", "4,920.44", "4,920.44", "1,271.70",
        ],
    );
    row(
        y,
        &[
            "合计", "6,192.14", "1,389.08", "1,315.52", "22.94", "50.62", "4,803.06", "11.51",
            "4,791.55",
        ],
    );
    row(
        y,
        &[
            "合计", "4,920.44", "1,389.08", "1,315.52", "22.94", "50.62", "3,531.36", "11.51",
            "3,519.85",
        ],
    );
    row(
        y,
        &[
            "01",
            "06",
            "就业管理事务",
            "1,847.23",
            "1,847.23",
            "1,847.23",
        ],
    );
    row(
        y,
        &["01", "06", "就业管理事务", "629.76", "629.76", "629.76"],
    );
    row(
        y,
        &[
            "30102",
            "津贴补贴",
            "50101",
            "工资奖金津补贴",
            "83.37",
            "83.37",
        ],
    );
    row(y, &["合计", "4,803.06", "3,531.36", "1,271.70"]);
    row(
        y,
        &["特定目标类", "2024", "农民工应急保证金", "200.00", "200.00"],
    );
    row(
        y,
        &["其他运转类", "2024", "工伤认定调查勘验费", "1.00", "1.00"],
    );
    // E1/E2 corrected: 预算06 splits its 合计 by the 类 of its 款.
    row(y, &["合计", "1,389.08", "1,338.46", "50.62"]);
    says(y, &["8.008.008.00"]);
}

#[test]
fn yindu_narrative_is_computed_from_the_tables() {
    says(
        &YINDU,
        &[
            "2024年收入总计6192.14万元，支出总计6192.14万元。",
            "一般公共预算4920.44万元，占79.46%；上级补助收入1271.70万元，占20.54%",
            "基本支出1389.08万元，占22.43%；项目支出4803.06万元，占77.57%",
            "2024年财政拨款收、支总预算4920.44万元",
            "社会保障和就业（类）支出4706.53万元，占95.65%",
            "人员经费1338.46万元",
            "公用经费50.62万元",
            "“三公”经费预算8.00万元",
            "实行绩效目标管理的项目20个，涉及财政拨款3531.36万元",
        ],
    );
}
