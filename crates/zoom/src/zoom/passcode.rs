//! Meeting passcodes: one fresh per meeting, never a host's shared default.

use rand::seq::SliceRandom;
use rand::Rng;

const LENGTH: usize = 10;
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const DIGITS: &[u8] = b"0123456789";

/// Ten characters of `a-zA-Z0-9` (Zoom's classic limit is ten from a set that
/// includes these), with at least one upper case letter, one lower case letter
/// and one digit, which is what account passcode policies usually demand.
/// `default_password` is not used: with a PMI passcode set, Zoom would give
/// every meeting of the doctor that same passcode.
pub(super) fn new_passcode() -> String {
    let mut rng = rand::thread_rng();
    let any: Vec<u8> = [UPPER, LOWER, DIGITS].concat();
    let mut chars: Vec<u8> = [UPPER, LOWER, DIGITS]
        .iter()
        .filter_map(|set| set.choose(&mut rng).copied())
        .collect();
    while chars.len() < LENGTH {
        chars.push(any[rng.gen_range(0..any.len())]);
    }
    chars.shuffle(&mut rng);
    chars.into_iter().map(char::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passcode_is_ten_alphanumerics_of_every_kind() {
        for _ in 0..200 {
            let code = new_passcode();
            assert_eq!(code.len(), LENGTH, "{code}");
            assert!(code.chars().all(|c| c.is_ascii_alphanumeric()), "{code}");
            assert!(code.chars().any(|c| c.is_ascii_uppercase()), "{code}");
            assert!(code.chars().any(|c| c.is_ascii_lowercase()), "{code}");
            assert!(code.chars().any(|c| c.is_ascii_digit()), "{code}");
        }
    }

    #[test]
    fn passcodes_differ_between_meetings() {
        assert_ne!(new_passcode(), new_passcode());
    }
}
