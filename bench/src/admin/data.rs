//! The admin benchmark's rows: five categories and 10,000 dishes, the same
//! for both servers. A quarter of the dishes have "Lemon" in their title
//! and description, so the search of scenario (a) matches many rows.

use serde_json::json;

/// The categories, in key order (keys 1 to 5 on a fresh table).
pub const CATEGORIES: [&str; 5] = ["Starters", "Mains", "Desserts", "Drinks", "Specials"];

/// What the titles are made of; two of eight contain "Lemon".
const DISHES: [&str; 8] = [
    "Lemon pasta",
    "Greek salad",
    "Bruschetta",
    "Grilled fish",
    "Lemon tart",
    "Lamb kofta",
    "Olive bread",
    "Mint tea",
];

/// The word searched for in scenario (a).
pub const SEARCH: &str = "lemon";

/// One dish, as both ORMs insert it.
#[derive(Clone, Debug)]
pub struct Dish {
    pub title: String,
    pub price: String,
    pub inventory: i32,
    /// An index into [`CATEGORIES`].
    pub category: usize,
    pub description: Option<String>,
}

/// `count` dishes; dish `n` (from 1) gets key `n` on a fresh table.
pub fn dishes(count: usize) -> Vec<Dish> {
    (1..=count)
        .map(|n| {
            // A fixed scramble, so neighbouring keys are not neighbouring titles.
            let base = DISHES[(n * 5 + n / 8) % DISHES.len()];
            Dish {
                title: format!("{base} {n:05}"),
                price: format!("{}.{:02}", 4 + n % 20, (n * 37) % 100),
                inventory: (n % 50) as i32,
                category: n % CATEGORIES.len(),
                description: (n % 3 != 0).then(|| format!("{base}, made fresh every morning")),
            }
        })
        .collect()
}

/// How many of `dishes` the search of [`SEARCH`] finds (title or
/// description, ignoring case), and the first of them by title.
pub fn search(dishes: &[Dish]) -> (usize, String) {
    let mut found: Vec<&str> = dishes
        .iter()
        .filter(|d| {
            d.title.to_lowercase().contains(SEARCH)
                || d.description
                    .as_deref()
                    .is_some_and(|t| t.to_lowercase().contains(SEARCH))
        })
        .map(|d| d.title.as_str())
        .collect();
    found.sort_unstable();
    (
        found.len(),
        found.first().map_or_else(String::new, |t| (*t).to_owned()),
    )
}

/// The rows and the superuser as `bench/django/admin_setup.py` reads them.
pub fn to_json(dishes: &[Dish], username: &str, password: &str) -> serde_json::Value {
    json!({
        "categories": CATEGORIES,
        "menus": dishes.iter().map(|d| json!({
            "title": d.title,
            "price": d.price,
            "inventory": d.inventory,
            "category": d.category,
            "description": d.description,
        })).collect::<Vec<_>>(),
        "username": username,
        "password": password,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_finds_a_quarter_of_the_dishes() {
        let dishes = dishes(10_000);
        let (found, first) = search(&dishes);
        assert!((2_400..=2_600).contains(&found), "{found}");
        assert!(first.starts_with("Lemon pasta"), "{first}");
        // Dish n gets key n: the change form of key 5000 shows this title.
        assert!(dishes[4999].title.ends_with(" 05000"), "{}", dishes[4999].title);
    }
}
