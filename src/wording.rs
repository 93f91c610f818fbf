//! Numbers and words: rounding, number styles, shares, changes and Chinese numerals.
//!
//! Every value is computed at full precision and rounded once, here, when it becomes text
//! (half-up, 四舍五入).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Rounds half-up (away from zero) to `dp` decimal places.
pub fn round(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// The thousands separator of a number style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Thousands {
    /// `2192.25`.
    None,
    /// `2,192.25`.
    Comma,
}

/// What happens to trailing zeros after the decimal point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrailingZeros {
    /// `54.30`, `0.00`.
    Keep,
    /// `54.3`, `0`.
    Trim,
    /// `54.30`, but `0` for zero.
    KeepNonzero,
}

/// How numbers are written in one context (text or tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NumberStyle {
    /// Thousands separator.
    pub thousands: Thousands,
    /// Trailing zeros.
    pub trailing_zeros: TrailingZeros,
    /// Decimal places of amounts (2, or 0 for whole 万元).
    #[serde(default = "two")]
    pub precision: u32,
}

/// Scores are points, written without trailing zeros (80, 88.18, 2.4).
pub const SCORE: NumberStyle = NumberStyle {
    thousands: Thousands::None,
    trailing_zeros: TrailingZeros::Trim,
    precision: 2,
};

fn two() -> u32 {
    2
}

impl NumberStyle {
    /// Writes an amount in 万元, rounded to the style's precision.
    pub fn amount(&self, value: Decimal) -> String {
        self.number(value, self.precision)
    }

    /// Writes a percentage (already ×100) with two decimals, without the `%` sign.
    pub fn percent(&self, value: Decimal) -> String {
        self.number(value, 2)
    }

    /// Writes `value` rounded to `dp` places in this style.
    pub fn number(&self, value: Decimal, dp: u32) -> String {
        let rounded = round(value, dp);
        let mut text = format!("{:.*}", dp as usize, rounded.abs());
        let trim = match self.trailing_zeros {
            TrailingZeros::Keep => false,
            TrailingZeros::Trim => true,
            TrailingZeros::KeepNonzero => rounded.is_zero(),
        };
        if trim && text.contains('.') {
            text = text.trim_end_matches('0').trim_end_matches('.').to_owned();
        }
        if self.thousands == Thousands::Comma {
            text = group_thousands(&text);
        }
        if rounded.is_sign_negative() && !rounded.is_zero() {
            text.insert(0, '-');
        }
        text
    }
}

fn group_thousands(text: &str) -> String {
    let (int, frac) = text
        .split_once('.')
        .map_or((text, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if let Some(frac) = frac {
        grouped.push('.');
        grouped.push_str(frac);
    }
    grouped
}

/// `part / whole × 100`, or `None` when the whole is zero.
pub fn ratio(part: Decimal, whole: Decimal) -> Option<Decimal> {
    (!whole.is_zero()).then(|| part * Decimal::ONE_HUNDRED / whole)
}

/// How the shares of a whole are rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SharesRule {
    /// Largest-remainder apportionment so that the shares sum to exactly 100.00%.
    LargestRemainder,
    /// Each share rounded on its own (reproduces the published reports).
    Independent,
}

/// Shares in % (two decimals) of `parts` in `whole`; `None` when the whole is zero.
///
/// With [`SharesRule::LargestRemainder`] and parts that add up to the whole, the shares
/// sum to exactly 100.00: each is floored on the 0.01% grid and the missing hundredths go
/// to the largest remainders (ties: larger amount, then earlier part).
pub fn shares(parts: &[Decimal], whole: Decimal, rule: SharesRule) -> Option<Vec<Decimal>> {
    let exact: Vec<Decimal> = parts
        .iter()
        .map(|p| ratio(*p, whole))
        .collect::<Option<_>>()?;
    let sums_to_whole = parts.iter().sum::<Decimal>() == whole;
    if rule == SharesRule::Independent || !sums_to_whole {
        return Some(exact.iter().map(|s| round(*s, 2)).collect());
    }
    let mut floored: Vec<Decimal> = exact
        .iter()
        .map(|s| s.round_dp_with_strategy(2, RoundingStrategy::ToZero))
        .collect();
    let missing = Decimal::ONE_HUNDRED - floored.iter().sum::<Decimal>();
    let steps = (missing * Decimal::ONE_HUNDRED).round().mantissa().max(0) as usize;
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        let rem = |i: usize| exact[i] - floored[i];
        rem(b)
            .cmp(&rem(a))
            .then(parts[b].cmp(&parts[a]))
            .then(a.cmp(&b))
    });
    for &i in order.iter().take(steps) {
        floored[i] += Decimal::new(1, 2);
    }
    Some(floored)
}

/// The direction of a change, judged on the values as printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The value grew.
    Up,
    /// The value fell.
    Down,
    /// Equal at display precision.
    Flat,
}

/// A year-over-year change of an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// Up, down or flat.
    pub direction: Direction,
    /// |current − previous|, rounded to 2 decimals.
    pub amount: Decimal,
    /// |Δ| / previous × 100; `None` when the previous value is zero.
    pub rate: Option<Decimal>,
}

/// The change from `previous` to `current`, both rounded to 2 decimals first.
pub fn change(current: Decimal, previous: Decimal) -> Change {
    let (cur, prev) = (round(current, 2), round(previous, 2));
    let delta = cur - prev;
    let direction = match delta {
        d if d.is_zero() => Direction::Flat,
        d if d.is_sign_positive() => Direction::Up,
        _ => Direction::Down,
    };
    Change {
        direction,
        amount: delta.abs(),
        rate: ratio(delta.abs(), prev),
    }
}

const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1 → 一, 10 → 十, 13 → 十三, 21 → 二十一 (for numbering up to 99).
pub fn cn_number(n: usize) -> String {
    let (tens, ones) = (n / 10, n % 10);
    let mut text = String::new();
    match tens {
        0 => {}
        1 => text.push('十'),
        t => {
            text.push_str(DIGITS[t % 10]);
            text.push('十');
        }
    }
    if ones > 0 || n == 0 {
        text.push_str(DIGITS[ones]);
    }
    text
}

/// 2025, 9 → 二〇二五年九月.
pub fn cn_year_month(year: u16, month: u8) -> String {
    let year: String = year
        .to_string()
        .chars()
        .map(|d| DIGITS[d.to_digit(10).unwrap_or(0) as usize])
        .collect();
    format!("{year}年{}月", cn_number(month.into()))
}
