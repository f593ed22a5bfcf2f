/// `MenuItem` -> `menu_item`: the name of a model's Diesel table module.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            if starts_word(&chars, i) {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `MainCourse` -> `Main Course`, `HTTPRequest` -> `HTTP Request`: the
/// default label of a `ModelEnum` variant, its words spaced as spelled.
pub fn spaced(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            out.push(' ');
        } else {
            if c.is_uppercase() && starts_word(&chars, i) {
                out.push(' ');
            }
            out.push(c);
        }
    }
    out
}

/// Whether the capital at `i` begins a word: after a lowercase letter or a
/// digit, or as the last capital of an acronym followed by lowercase.
fn starts_word(chars: &[char], i: usize) -> bool {
    let after_lower = i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
    let before_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
    let inside_acronym_end = i > 0 && chars[i - 1].is_uppercase() && before_lower;
    after_lower || inside_acronym_end
}

/// `menu` -> `menus`, `category` -> `categories`, `dish` -> `dishes`: the
/// default name of a reverse accessor. Plain English rules and a few
/// irregular words (`child`, `person`, `man`, `woman`), on the last word of
/// a snake_case name: `related_name` says what the rules cannot.
pub fn plural(word: &str) -> String {
    const IRREGULAR: &[(&str, &str)] = &[
        ("child", "children"),
        ("person", "people"),
        ("man", "men"),
        ("woman", "women"),
    ];
    let (head, last) = match word.rfind('_') {
        Some(at) => word.split_at(at + 1),
        None => ("", word),
    };
    if let Some((_, plural)) = IRREGULAR.iter().find(|(single, _)| *single == last) {
        return format!("{head}{plural}");
    }
    let consonant_y = word.ends_with('y')
        && word
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_alphabetic() && !"aeiou".contains(c));
    if consonant_y {
        format!("{}ies", &word[..word.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|end| word.ends_with(end)) {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// Edit distance, to suggest the attribute a typo meant.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (distance(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(current)
            };
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_follow_rust_conventions() {
        assert_eq!(snake_case("Menu"), "menu");
        assert_eq!(snake_case("MenuItem"), "menu_item");
        assert_eq!(snake_case("HTTPRequest"), "http_request");
        assert_eq!(snake_case("Item2Tag"), "item2_tag");
    }

    #[test]
    fn labels_space_the_words_as_spelled() {
        assert_eq!(spaced("Main"), "Main");
        assert_eq!(spaced("MainCourse"), "Main Course");
        assert_eq!(spaced("HTTPRequest"), "HTTP Request");
        assert_eq!(spaced("Extra_hot"), "Extra hot");
    }

    #[test]
    fn reverse_accessors_are_plural() {
        assert_eq!(plural("menu"), "menus");
        assert_eq!(plural("category"), "categories");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("dish"), "dishes");
        assert_eq!(plural("box"), "boxes");
        assert_eq!(plural("menu_item"), "menu_items");
        assert_eq!(plural("child"), "children");
        assert_eq!(plural("sub_child"), "sub_children");
    }

    #[test]
    fn typos_find_the_attribute_they_meant() {
        assert_eq!(
            closest("maxlength", &["max_length", "unique"]),
            Some("max_length")
        );
        assert_eq!(closest("colour", &["max_length", "unique"]), None);
    }
}
