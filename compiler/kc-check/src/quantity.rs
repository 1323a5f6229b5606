//! Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`): grammar and numeric value.

/// The value of a quantity in base units, or `None` when it does not follow the grammar
/// `[+-]digits[.digits](Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]digits)?`.
pub fn parse_quantity(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut end = 0;
    if matches!(bytes.first(), Some(b'+') | Some(b'-')) {
        end = 1;
    }
    let digits_start = end;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    let mut had_digits = end > digits_start;
    if end < bytes.len() && bytes[end] == b'.' {
        end += 1;
        let fraction_start = end;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        had_digits |= end > fraction_start;
    }
    if !had_digits {
        return None;
    }
    let number: f64 = text[..end].parse().ok()?;
    let suffix = &text[end..];
    let multiplier = match suffix {
        "" => 1.0,
        "Ki" => 1024f64,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        exponent if exponent.starts_with(['e', 'E']) => {
            let power = &exponent[1..];
            let digits = power.strip_prefix(['+', '-']).unwrap_or(power);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            10f64.powi(power.parse().ok()?)
        }
        _ => return None,
    };
    Some(number * multiplier)
}

#[cfg(test)]
mod tests {
    use super::parse_quantity;

    #[test]
    fn parses_the_kubernetes_grammar() {
        assert_eq!(parse_quantity("500m"), Some(0.5));
        assert_eq!(parse_quantity("1Gi"), Some(1073741824.0));
        assert_eq!(parse_quantity("2e3"), Some(2000.0));
        assert_eq!(parse_quantity("1.5"), Some(1.5));
        assert_eq!(parse_quantity(".5"), Some(0.5));
        for bad in ["", "1GB", "abc", "1 Gi", "Mi", "1e", "--1"] {
            assert_eq!(parse_quantity(bad), None, "{bad}");
        }
    }
}
