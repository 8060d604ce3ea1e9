//! The Swedish organisationsnummer: ten digits, NNNNNN-NNNN, the last a Luhn check digit.

use serde::{Deserialize, Serialize};

/// Why an organisationsnummer was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrgNumberError {
    #[error("an organisationsnummer has 10 digits, written NNNNNN-NNNN")]
    Format,
    #[error("the check digit does not match")]
    CheckDigit,
}

/// A Swedish organisationsnummer (company id), normalised to `NNNNNN-NNNN`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgNumber(String);

impl OrgNumber {
    /// Accepts `NNNNNN-NNNN` or ten digits without the hyphen; the last digit is a Luhn check digit.
    pub fn parse(input: &str) -> Result<OrgNumber, OrgNumberError> {
        let trimmed = input.trim();
        let digits: String = match trimmed.len() {
            11 if trimmed.as_bytes()[6] == b'-' => {
                format!("{}{}", &trimmed[..6], &trimmed[7..])
            }
            10 => trimmed.to_string(),
            _ => return Err(OrgNumberError::Format),
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(OrgNumberError::Format);
        }
        if !luhn_valid(&digits) {
            return Err(OrgNumberError::CheckDigit);
        }
        Ok(OrgNumber(format!("{}-{}", &digits[..6], &digits[6..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}
