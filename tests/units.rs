//! The number and wording rules, without Typst.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use yujuesuan::compute::performance::judge;
use yujuesuan::model::parse_amount;
use yujuesuan::narrate::{Block, blocks};
use yujuesuan::wording::{
    Direction, NumberStyle, SharesRule, Thousands, TrailingZeros, change, cn_number, cn_year_month,
    round, shares,
};

const TEXT: NumberStyle = NumberStyle {
    thousands: Thousands::None,
    trailing_zeros: TrailingZeros::KeepNonzero,
    precision: 2,
};
const TABLE: NumberStyle = NumberStyle {
    thousands: Thousands::Comma,
    trailing_zeros: TrailingZeros::Keep,
    precision: 2,
};

#[test]
fn rounding_is_half_up_on_decimals() {
    // Binary floats give 4.17 and 0.24 here (tables.md §1.1).
    assert_eq!(round(Decimal::TEN * dec!(20.04) / dec!(48), 2), dec!(4.18));
    assert_eq!(round(dec!(0.245), 2), dec!(0.25));
    assert_eq!(round(dec!(-3.485), 2), dec!(-3.49));
}

#[test]
fn number_styles() {
    assert_eq!(TEXT.amount(dec!(54.3)), "54.30");
    assert_eq!(TEXT.amount(Decimal::ZERO), "0");
    assert_eq!(TEXT.amount(dec!(2192.25)), "2192.25");
    assert_eq!(TABLE.amount(dec!(2192.25)), "2,192.25");
    assert_eq!(TABLE.amount(dec!(1234567.891)), "1,234,567.89");
    assert_eq!(TABLE.amount(Decimal::ZERO), "0.00");
    assert_eq!(TEXT.percent(dec!(14.0025)), "14.00");
    let trim = NumberStyle {
        trailing_zeros: TrailingZeros::Trim,
        ..TEXT
    };
    assert_eq!(trim.amount(dec!(54.30)), "54.3");
    let whole = NumberStyle {
        precision: 0,
        ..TABLE
    };
    assert_eq!(whole.amount(dec!(7943.10)), "7,943");
    assert_eq!(whole.amount(dec!(0.12)), "0");
}

#[test]
fn amounts_parse_exactly_and_reject_separators() {
    assert_eq!(parse_amount("285.250"), Ok(dec!(285.250)));
    assert!(parse_amount("1,606.03").unwrap_err().contains("1606.03"));
    assert!(parse_amount("12万").is_err());
    assert!(parse_amount("1e3").is_err());
}

#[test]
fn shares_sum_to_one_hundred_by_largest_remainder() {
    // xinxiang 五（二）: independent rounding sums to 99.99 (narrative.md C-X15).
    let parts = [
        dec!(59.20),
        dec!(110.00),
        dec!(2591.02),
        dec!(108.67),
        dec!(3.00),
    ];
    let whole = dec!(2871.89);
    let independent = shares(&parts, whole, SharesRule::Independent).expect("whole");
    assert_eq!(
        independent,
        [dec!(2.06), dec!(3.83), dec!(90.22), dec!(3.78), dec!(0.10)]
    );
    let apportioned = shares(&parts, whole, SharesRule::LargestRemainder).expect("whole");
    assert_eq!(
        apportioned,
        [dec!(2.06), dec!(3.83), dec!(90.22), dec!(3.78), dec!(0.11)]
    );
    assert_eq!(apportioned.iter().sum::<Decimal>(), dec!(100.00));
    assert_eq!(
        shares(&parts, Decimal::ZERO, SharesRule::LargestRemainder),
        None
    );
}

#[test]
fn changes_are_judged_at_display_precision() {
    let down = change(dec!(2192.25), dec!(2284.23));
    assert_eq!(
        (
            down.direction,
            down.amount,
            round(down.rate.expect("rate"), 2)
        ),
        (Direction::Down, dec!(91.98), dec!(4.03))
    );
    assert_eq!(
        change(dec!(10.004), dec!(10.001)).direction,
        Direction::Flat
    );
    assert_eq!(change(dec!(5), Decimal::ZERO).rate, None);
}

#[test]
fn chinese_numerals() {
    assert_eq!(
        [1, 10, 11, 13, 20, 26].map(cn_number),
        ["一", "十", "十一", "十三", "二十", "二十六"]
    );
    assert_eq!(cn_year_month(2025, 9), "二〇二五年九月");
}

#[test]
fn indicator_deviation_and_score_follow_the_published_rule() {
    let w = dec!(10);
    let scored = |target, actual, cost, weight| {
        judge(target, actual, cost).map(|j| (j.deviation, j.score(weight)))
    };
    // (target, actual, cost, weight) → (偏差度, 得分), tables.md §6.4–6.5.
    assert_eq!(
        scored("=150万元", "185.83万元", true, w),
        Some((dec!(23.89), dec!(7.61)))
    );
    assert_eq!(
        scored("≥900人", "620人", false, dec!(5)),
        Some((dec!(-31.11), dec!(3.44)))
    );
    assert_eq!(
        scored("=59人", "56人", false, dec!(2)),
        Some((dec!(-5.08), dec!(1.90)))
    );
    assert_eq!(
        scored("≤350人", "643人", false, dec!(5)),
        Some((dec!(83.71), dec!(0.81)))
    );
    assert_eq!(
        scored("≤10%", "35%", false, dec!(1.5)),
        Some((dec!(250.00), dec!(0)))
    );
    assert_eq!(
        scored("半年一次发放", "50%", false, w),
        Some((dec!(-50.00), dec!(5)))
    );
    // Favourable or met: no deviation, full score; a cost target with nothing spent scores 0.
    assert_eq!(
        scored("=50人", "55人", false, dec!(4)),
        Some((dec!(0), dec!(4)))
    );
    assert_eq!(scored("=48万元", "20.04万元", true, w), Some((dec!(0), w)));
    assert_eq!(
        scored("=80万元", "0万元", true, w),
        Some((dec!(0), dec!(0)))
    );
    assert_eq!(
        scored("=0起", "0起", false, dec!(5)),
        Some((dec!(0), dec!(5)))
    );
    assert_eq!(
        scored("相关", "100%", false, dec!(1.5)),
        Some((dec!(0), dec!(1.5)))
    );
    // Not comparable: the score must come from the data.
    assert_eq!(scored("及时", "已完成", false, w), None);
    assert_eq!(scored("≤100万元", "80人", false, w), None);
}

#[test]
fn text_blocks_number_their_headings() {
    let patterns = ["{}、".to_owned(), "（{}）".to_owned(), String::new()];
    let text = "# 甲\n## 子\n正文一\n\n## 丑\n### 项目一：某\n# 乙\n## 子\n";
    let b = blocks(text, &patterns);
    let heading = |level, text: &str| Block::Heading {
        level,
        text: text.to_owned(),
    };
    assert_eq!(
        b,
        [
            heading(1, "一、甲"),
            heading(2, "（一）子"),
            Block::Paragraph {
                text: "正文一".into()
            },
            heading(2, "（二）丑"),
            heading(3, "项目一：某"),
            heading(1, "二、乙"),
            heading(2, "（一）子"),
        ]
    );
}
