//! Random JSON documents for the mutation test, and changes to them: nested
//! objects and lists, unicode keys and strings, integers near 2^53 and 2^64,
//! decimals with many digits, exponents beyond `f64`.

use serde_json::{Map, Number, Value};

/// A small deterministic generator (xorshift64*), so a failure reproduces.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const CHARS: &[char] = &[
    'a', 'b', 'Z', '0', '7', ' ', ',', '"', '\\', '/', '~', '\'', '.', '-', 'é', 'ß', 'ж', 'Ω',
    '中', 'ア', '😀', '🎉', '\n', '\t', '\u{1}', '\u{7f}', '\u{200b}',
];
const KEYS: &[&str] = &[
    "id",
    "name",
    "price",
    "ключ",
    "キー",
    "emoji 🎉",
    "a/b",
    "m~n",
    "with space",
    "",
    "Ω",
    "x",
];

fn number(text: &str) -> Value {
    Value::Number(text.parse::<Number>().expect("a JSON number"))
}

fn random_number(rng: &mut Rng) -> Value {
    let delta = rng.below(7) as i128 - 3;
    let text = match rng.below(9) {
        0 => (rng.below(2001) as i64 - 1000).to_string(),
        1 => (9_007_199_254_740_992_i128 + delta).to_string(),
        2 => (-9_007_199_254_740_992_i128 - delta).to_string(),
        3 => (18_446_744_073_709_551_616_i128 + delta).to_string(),
        4 => (9_223_372_036_854_775_807_i128 + delta).to_string(),
        5 => {
            let digits: String = (0..20 + rng.below(20))
                .map(|_| char::from(b'0' + rng.below(10) as u8))
                .collect();
            format!("{}.{digits}", rng.below(1000))
        }
        6 => format!(
            "{}.{}e{}",
            1 + rng.below(9),
            rng.below(100),
            rng.below(700) as i64 - 350
        ),
        7 => (*rng.pick(&["0.1", "1.5", "-2.25", "1e400", "1E-400", "0.0", "100.0"])).to_owned(),
        _ => format!("{}.{}", rng.below(100), 1 + rng.below(99)),
    };
    number(&text)
}

fn random_string(rng: &mut Rng) -> String {
    (0..rng.below(8)).map(|_| *rng.pick(CHARS)).collect()
}

pub fn random_value(rng: &mut Rng, depth: usize) -> Value {
    let kind = if depth >= 3 {
        rng.below(5)
    } else {
        rng.below(7)
    };
    match kind {
        0 | 1 => random_number(rng),
        2 => Value::String(random_string(rng)),
        3 => Value::Bool(rng.below(2) == 0),
        4 => Value::Null,
        5 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut map = Map::new();
            for _ in 0..rng.below(5) {
                map.insert((*rng.pick(KEYS)).to_owned(), random_value(rng, depth + 1));
            }
            Value::Object(map)
        }
    }
}

pub fn random_document(rng: &mut Rng) -> Value {
    let mut map = Map::new();
    for _ in 0..1 + rng.below(5) {
        map.insert((*rng.pick(KEYS)).to_owned(), random_value(rng, 0));
    }
    Value::Object(map)
}

/// Every node's JSON Pointer, the root (`""`) first.
pub fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let token = key.replace('~', "~0").replace('/', "~1");
                pointers(v, &format!("{at}/{token}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// A number one unit higher in its last digit: always another value.
fn bump(text: &str) -> String {
    let end = text.find(['e', 'E']).unwrap_or(text.len());
    let mut digits: Vec<char> = text[..end].chars().collect();
    let mut i = digits.len();
    loop {
        if i == 0 {
            let at = usize::from(digits.first() == Some(&'-'));
            digits.insert(at, '1');
            break;
        }
        i -= 1;
        match digits[i] {
            '9' => digits[i] = '0',
            d @ '0'..='8' => {
                digits[i] = char::from(d as u8 + 1);
                break;
            }
            _ => {}
        }
    }
    digits.into_iter().collect::<String>() + &text[end..]
}

/// A value that differs from `value` (by construction, under exact equality).
pub fn changed(rng: &mut Rng, value: &Value) -> Value {
    match value {
        Value::Number(n) => {
            let text = n.as_str();
            match rng.below(5) {
                0 | 1 => number(&bump(text)),
                2 => Value::String(text.to_owned()),
                3 if !text.contains(['.', 'e', 'E']) => number(&format!("{text}.5")),
                _ => number(&format!("-{}", bump(text.trim_start_matches('-')))),
            }
        }
        Value::String(s) => {
            let mut chars: Vec<char> = s.chars().collect();
            match rng.below(5) {
                0 if !chars.is_empty() => {
                    let i = rng.below(chars.len());
                    let c = *rng.pick(CHARS);
                    chars[i] = match (c == chars[i], chars[i] == 'q') {
                        (false, _) => c,
                        (true, false) => 'q',
                        (true, true) => 'w',
                    };
                    Value::String(chars.into_iter().collect())
                }
                1 if !chars.is_empty() => {
                    chars.remove(rng.below(chars.len()));
                    Value::String(chars.into_iter().collect())
                }
                2 => match s.parse::<Number>() {
                    Ok(n) => Value::Number(n),
                    Err(_) => Value::String(format!("{s}{}", rng.pick(CHARS))),
                },
                3 => Value::Null,
                _ => Value::String(format!("{s}{}", rng.pick(CHARS))),
            }
        }
        Value::Bool(b) => match rng.below(3) {
            0 => Value::Bool(!b),
            1 => Value::String(b.to_string()),
            _ => number(if *b { "1" } else { "0" }),
        },
        Value::Null => match rng.below(4) {
            0 => Value::Bool(false),
            1 => number("0"),
            2 => Value::String("null".to_owned()),
            _ => Value::Array(Vec::new()),
        },
        Value::Array(items) => {
            let mut items = items.clone();
            match rng.below(3) {
                0 if !items.is_empty() => {
                    items.pop();
                }
                1 => items.push(random_value(rng, 3)),
                _ => items.insert(0, Value::Null),
            }
            Value::Array(items)
        }
        Value::Object(map) => {
            let mut map = map.clone();
            let fresh = format!("new {}", rng.below(1000));
            match map.keys().next().cloned() {
                Some(key) if rng.below(2) == 0 => {
                    let moved = map.shift_remove(&key).unwrap_or(Value::Null);
                    if rng.below(2) == 0 {
                        map.insert(fresh, moved);
                    }
                }
                _ => {
                    map.insert(fresh, random_value(rng, 3));
                }
            }
            Value::Object(map)
        }
    }
}

/// `document` with the value at `pointer` replaced.
pub fn replaced(document: &Value, pointer: &str, value: Value) -> Value {
    let mut copy = document.clone();
    match copy.pointer_mut(pointer) {
        Some(slot) => *slot = value,
        None => unreachable!("{pointer} is a pointer of the document"),
    }
    copy
}

/// A value as a Python literal (`[1, 'a', None]`).
pub fn python(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(b) => (if *b { "True" } else { "False" }).to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!(
            "'{}'",
            s.replace('\\', "\\\\")
                .replace('\'', "\\'")
                .replace('\n', "\\n")
                .replace('\t', "\\t")
        ),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(python).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", python(&Value::String(k.clone())), python(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
