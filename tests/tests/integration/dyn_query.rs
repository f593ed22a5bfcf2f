//! Queries built at run time by field name (`DynModel::filter` and
//! `count_filtered`, what the admin's change list runs), on every backend:
//! each filter, ordering with NULLs, slices, counts, and searches for
//! words holding SQL's own special characters.

use model_runtime::chrono::NaiveDate;
use model_runtime::dynamic::{DynFilter, DynModel, DynQuery, Row};
use model_runtime::prelude::*;
use model_runtime::registry;
use model_tests::on_every_backend;

/// A plate with a field of each kind the change list filters on.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "dyn_query")]
pub struct Plate {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 60)]
    pub name: String,
    #[field(max_length = 60)]
    pub note: Option<String>,
    pub portions: i32,
    pub vegan: bool,
    pub served: Option<NaiveDate>,
    #[field(max_digits = 6, decimal_places = 2)]
    pub price: Decimal,
    #[field(auto_now_add)]
    pub created: DateTime<Utc>,
}

fn plates() -> &'static dyn DynModel {
    registry::find_model("dyn_query.Plate").unwrap()
}

fn day(d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2024, 5, d)
}

/// Six plates; ids follow the list.
fn seed(conn: &mut Connection) {
    Plate::create_table(conn).unwrap();
    let rows = [
        ("Lemon soup", Some("hot"), 2, true, day(1), "6.50"),
        ("Pasta", None, 4, false, day(3), "12.00"),
        ("Lemon tart", Some("sweet"), 8, true, None, "7.25"),
        ("100% juice", Some("50_50 mix"), 1, true, day(10), "3.00"),
        ("Chef's \\special", Some("O'Brien"), 3, false, day(20), "20.00"),
        ("CRÈME brûlée", Some("Crème"), 2, true, None, "8.00"),
    ];
    for (name, note, portions, vegan, served, price) in rows {
        Plate::create(
            conn,
            NewPlate {
                name: name.into(),
                note: note.map(Into::into),
                portions,
                vegan,
                served,
                price: price.parse().unwrap(),
            },
        )
        .unwrap();
    }
}

fn ids(conn: &mut Connection, query: DynQuery) -> Vec<i64> {
    let rows = plates().filter(conn, &query).unwrap();
    rows.iter().map(key).collect()
}

fn key(row: &Row) -> i64 {
    match row.primary_key() {
        Value::Int(id) => *id,
        other => panic!("not an integer key: {other:?}"),
    }
}

fn filtered(filters: Vec<DynFilter>) -> DynQuery {
    DynQuery {
        filters,
        ..DynQuery::default()
    }
}

fn search(word: &str) -> DynQuery {
    filtered(vec![DynFilter::ContainsAny(
        vec!["name".into(), "note".into()],
        word.into(),
    )])
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

on_every_backend! {
    /// The rows a query reads hold the same values as the model's own
    /// typed reads, every column type alike.
    fn rows_read_by_query_equal_the_typed_rows(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let read = plates().filter(&mut conn, &DynQuery::default()).unwrap();
        let typed = plates().all(&mut conn).unwrap();
        assert_eq!(read, typed);
        assert_eq!(read.len(), 6);
        // Equal and written alike: a decimal keeps its places on SQLite too.
        let text = |rows: &[Row]| -> Vec<Vec<String>> {
            rows.iter().map(|r| r.values().iter().map(ToString::to_string).collect()).collect()
        };
        assert_eq!(text(&read), text(&typed));
        assert_eq!(read[0].get("price").unwrap().to_string(), "6.50");
    }

    /// Equals, IN, and ranges keep exactly the rows they name; several
    /// filters must all hold.
    fn each_filter_keeps_the_rows_it_names(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let eq = |field: &str, value: Value| DynFilter::Equals(field.into(), value);
        assert_eq!(ids(&mut conn, filtered(vec![eq("name", text("Pasta"))])), [2]);
        assert_eq!(ids(&mut conn, filtered(vec![eq("vegan", Value::Bool(false))])), [2, 5]);
        assert_eq!(ids(&mut conn, filtered(vec![eq("served", Value::Null)])), [3, 6]);
        assert_eq!(ids(&mut conn, filtered(vec![eq("note", Value::Null)])), [2]);
        assert_eq!(
            ids(&mut conn, filtered(vec![eq("vegan", Value::Bool(true)), eq("portions", Value::Int(2))])),
            [1, 6]
        );
        assert_eq!(
            ids(&mut conn, filtered(vec![eq("served", Value::Date(day(3).unwrap()))])),
            [2]
        );

        let within = |values: Vec<Value>| filtered(vec![DynFilter::In("portions".into(), values)]);
        assert_eq!(ids(&mut conn, within(vec![Value::Int(1), Value::Int(8)])), [3, 4]);
        assert_eq!(ids(&mut conn, within(vec![])), Vec::<i64>::new());
        let notes = filtered(vec![DynFilter::In("note".into(), vec![text("hot"), Value::Null])]);
        assert_eq!(ids(&mut conn, notes), [1, 2]);

        let range = |from: Option<u32>, until: Option<u32>| {
            filtered(vec![DynFilter::Range(
                "served".into(),
                from.map(|d| Value::Date(day(d).unwrap())),
                until.map(|d| Value::Date(day(d).unwrap())),
            )])
        };
        assert_eq!(ids(&mut conn, range(Some(3), Some(20))), [2, 4]);
        assert_eq!(ids(&mut conn, range(Some(10), None)), [4, 5]);
        assert_eq!(ids(&mut conn, range(None, Some(3))), [1]);
        // An open range keeps every row, NULLs too.
        assert_eq!(ids(&mut conn, range(None, None)).len(), 6);
        let costly = filtered(vec![DynFilter::Range("price".into(), Some(Value::Decimal("7.25".parse().unwrap())), None)]);
        assert_eq!(ids(&mut conn, costly), [2, 3, 5, 6]);
    }

    /// A search looks in every field given, ignoring ASCII case on every
    /// backend and any letter's case on PostgreSQL and MySQL.
    fn a_search_word_is_found_in_any_field_ignoring_case(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        assert_eq!(ids(&mut conn, search("lemon")), [1, 3]);
        assert_eq!(ids(&mut conn, search("LEMON")), [1, 3]);
        assert_eq!(ids(&mut conn, search("SWEET")), [3]);
        assert_eq!(ids(&mut conn, search("")).len(), 6);
        // The exact spelling matches on every backend...
        assert_eq!(ids(&mut conn, search("CRÈME")), [6]);
        assert_eq!(ids(&mut conn, search("brûlée")), [6]);
        // ...and other cases of non-ASCII letters where LOWER() folds them.
        if db.backend() != Backend::Sqlite {
            assert_eq!(ids(&mut conn, search("crème BRÛLÉE")), [6]);
        }
    }

    /// `%`, `_`, quotes, backslashes and the escape character are plain
    /// characters in a search word.
    fn special_characters_in_a_search_word_match_themselves(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        assert_eq!(ids(&mut conn, search("%")), [4]);
        assert_eq!(ids(&mut conn, search("0% j")), [4]);
        assert_eq!(ids(&mut conn, search("_")), [4]);
        assert_eq!(ids(&mut conn, search("0_5")), [4]);
        assert_eq!(ids(&mut conn, search("'")), [5]);
        assert_eq!(ids(&mut conn, search("o'brien")), [5]);
        assert_eq!(ids(&mut conn, search("\\")), [5]);
        assert_eq!(ids(&mut conn, search("s \\s")), [5]);
        assert_eq!(ids(&mut conn, search("!")), Vec::<i64>::new());
        assert_eq!(ids(&mut conn, search("%_'\\!")), Vec::<i64>::new());
        assert_eq!(ids(&mut conn, search("'; DROP TABLE dyn_query_plate; --")), Vec::<i64>::new());
        assert_eq!(plates().count(&mut conn).unwrap(), 6);
    }

    /// Ascending and descending orders, NULL before every value, the key
    /// breaking ties.
    fn rows_are_ordered_by_fields_with_nulls_first_and_the_key_last(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let ordered = |order: &[(&str, bool)]| DynQuery {
            order: order.iter().map(|(f, d)| ((*f).to_owned(), *d)).collect(),
            ..DynQuery::default()
        };
        assert_eq!(ids(&mut conn, ordered(&[("served", false)])), [3, 6, 1, 2, 4, 5]);
        assert_eq!(ids(&mut conn, ordered(&[("served", true)])), [5, 4, 2, 1, 3, 6]);
        assert_eq!(ids(&mut conn, ordered(&[("portions", false)])), [4, 1, 6, 5, 2, 3]);
        assert_eq!(ids(&mut conn, ordered(&[("portions", true)])), [3, 2, 5, 1, 6, 4]);
        assert_eq!(ids(&mut conn, ordered(&[("vegan", false), ("price", true)])), [5, 2, 6, 3, 1, 4]);
        assert_eq!(ids(&mut conn, ordered(&[("id", true)])), [6, 5, 4, 3, 2, 1]);
    }

    /// Limits and offsets slice the ordered rows; a count ignores the slice.
    fn slices_page_the_rows_and_counts_ignore_them(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let page = |limit: Option<u64>, offset: u64| DynQuery {
            filters: vec![DynFilter::Equals("vegan".into(), Value::Bool(true))],
            order: vec![("portions".into(), false)],
            limit,
            offset,
        };
        assert_eq!(ids(&mut conn, page(Some(2), 0)), [4, 1]);
        assert_eq!(ids(&mut conn, page(Some(2), 2)), [6, 3]);
        assert_eq!(ids(&mut conn, page(Some(2), 4)), Vec::<i64>::new());
        assert_eq!(ids(&mut conn, page(None, 3)), [3]);
        assert_eq!(ids(&mut conn, page(Some(0), 0)), Vec::<i64>::new());
        assert_eq!(ids(&mut conn, page(Some(u64::MAX), u64::MAX)), Vec::<i64>::new());
        assert_eq!(plates().count_filtered(&mut conn, &page(Some(2), 2)).unwrap(), 4);
        assert_eq!(plates().count_filtered(&mut conn, &search("lemon")).unwrap(), 2);
        assert_eq!(plates().count_filtered(&mut conn, &DynQuery::default()).unwrap(), 6);
    }

    /// A field the model lacks, or a search in a field that is not text,
    /// is an error naming the model and the field; no SQL runs.
    fn unknown_fields_are_errors_naming_model_and_field(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let mut error = |query: DynQuery| plates().filter(&mut conn, &query).unwrap_err().to_string();
        assert_eq!(
            error(filtered(vec![DynFilter::Equals("colour".into(), text("red"))])),
            "Plate.colour: Plate has no field `colour`"
        );
        assert_eq!(
            error(DynQuery { order: vec![("rank".into(), false)], ..DynQuery::default() }),
            "Plate.rank: Plate has no field `rank`"
        );
        assert_eq!(
            error(filtered(vec![DynFilter::ContainsAny(vec!["name".into(), "nom".into()], "x".into())])),
            "Plate.nom: Plate has no field `nom`"
        );
        assert_eq!(
            error(filtered(vec![DynFilter::ContainsAny(vec!["portions".into()], "2".into())])),
            "Plate.portions: Plate cannot be searched: `portions` is not a text field"
        );
        // Fields are named as the struct names them, not by column.
        let counted = plates().count_filtered(&mut conn, &filtered(vec![DynFilter::In("nope".into(), vec![])]));
        assert_eq!(counted.unwrap_err().to_string(), "Plate.nope: Plate has no field `nope`");
    }
}
