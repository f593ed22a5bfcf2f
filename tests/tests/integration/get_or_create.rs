//! `get_or_create` and `update_or_create` under concurrency: callers racing
//! on one unique key create one row between them, and all get that row.

use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use model_runtime::prelude::*;
use model_tests::models::{
    booking, category, create_littlelemon_tables, ticket, Booking, Category, NewBooking, NewCategory,
    NewTicket, Ticket,
};
use model_tests::on_every_backend;
use model_tests::statements::StatementLog;
use model_tests::TestDb;

const THREADS: usize = 8;

fn specials() -> NewCategory {
    NewCategory {
        title: "Specials".into(),
    }
}

/// `get_or_create` of the "Specials" category, from `THREADS` threads
/// released at once, each on a connection of its own.
fn race(db: &TestDb) -> Vec<(Category, bool)> {
    let barrier = Barrier::new(THREADS);
    thread::scope(|scope| {
        let racers: Vec<_> = (0..THREADS)
            .map(|_| {
                scope.spawn(|| {
                    let mut conn = db.connect();
                    barrier.wait();
                    Category::objects()
                        .get_or_create(&mut conn, category::title.eq("Specials"), specials())
                        .unwrap()
                })
            })
            .collect();
        racers.into_iter().map(|racer| racer.join().unwrap()).collect()
    })
}

/// Waits until `log` shows an INSERT, for a test to commit a competing row
/// while that INSERT is under way.
fn wait_for_insert(log: &StatementLog) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !log.statements().iter().any(|sql| sql.starts_with("INSERT")) {
        assert!(
            Instant::now() < deadline,
            "the INSERT never started: {:?}",
            log.statements()
        );
        thread::sleep(Duration::from_millis(10));
    }
    // Let the INSERT reach the database and wait on the uncommitted row.
    thread::sleep(Duration::from_millis(200));
}

on_every_backend! {
    fn eight_threads_get_or_create_one_row_and_all_return_it(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        let results = race(db);
        let created = results.iter().filter(|(_, created)| *created).count();
        assert_eq!(created, 1, "exactly one caller creates the row: {results:?}");
        let winner = &results[0].0;
        assert!(results.iter().all(|(row, _)| row == winner), "{results:?}");
        let rows = Category::objects().filter(category::title.eq("Specials")).load(&mut conn).unwrap();
        assert_eq!(rows, std::slice::from_ref(winner));
    }

    /// The caller that loses the race inserts, is refused by the unique
    /// key, rolls its savepoint back, and returns the winner's row.
    fn a_row_committed_during_the_insert_is_returned_not_duplicated(db) {
        let mut first = db.connect();
        create_littlelemon_tables(&mut first).unwrap();
        let winner = thread::scope(|scope| {
            let mut second = db.connect();
            let log = StatementLog::install(&mut second);
            // The first connection inserts and holds its row uncommitted, so
            // the second one does not see it and inserts too.
            atomic(&mut first, |first| {
                let winner = Category::create(first, specials())?;
                let loser = scope.spawn(move || {
                    Category::objects().get_or_create(&mut second, category::title.eq("Specials"), specials())
                });
                wait_for_insert(&log);
                Ok::<_, Error>((winner, loser))
            })
            .map(|(winner, loser)| (winner, loser.join().unwrap()))
            .unwrap()
        });
        let (winner, (returned, created)) = (winner.0, winner.1.unwrap());
        assert!(!created);
        assert_eq!(returned, winner);
        assert_eq!(Category::objects().count(&mut first).unwrap(), 1);
    }

    fn a_row_that_does_not_match_the_lookup_is_refused_and_not_kept(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        let error = Category::objects()
            .get_or_create(&mut conn, category::title.eq("Specials"), NewCategory { title: "Mains".into() })
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "Category query: get_or_create(): the row to create does not match the lookup, \
             so the lookup would never find it"
        );
        assert_eq!(Category::count(&mut conn).unwrap(), 0);
    }

    /// A row that carries its own key (a UUID) is found by that key after
    /// the insert (on MySQL, which has no `RETURNING`, that read is also
    /// the check against the lookup), and refused and not kept when the
    /// lookup does not find it.
    fn a_row_keyed_by_its_own_value_is_created_once_and_checked_by_that_key(db) {
        let mut conn = db.connect();
        Ticket::create_table(&mut conn).unwrap();
        let code = Uuid::new_v4();
        let new = || NewTicket { code, kind: "vip".into(), replaces: None };
        let (created_row, created) = Ticket::objects().get_or_create(&mut conn, ticket::code.eq(bind(code)), new()).unwrap();
        assert!(created);
        assert_eq!(created_row, Ticket { code, kind: "vip".into(), replaces: None });
        assert_eq!(Ticket::get(&mut conn, code).unwrap(), created_row);
        let (found, created) = Ticket::objects().get_or_create(&mut conn, ticket::code.eq(bind(code)), new()).unwrap();
        assert_eq!((found, created), (created_row, false));

        let other = Uuid::new_v4();
        let error = Ticket::objects()
            .get_or_create(&mut conn, ticket::code.eq(bind(other)), NewTicket { code: Uuid::new_v4(), ..new() })
            .unwrap_err();
        assert!(matches!(error, Error::InvalidQuery { .. }), "{error:?}");
        assert_eq!(Ticket::count(&mut conn).unwrap(), 1);
    }

    /// A unique key other than the lookup's refuses the row: that refusal
    /// is the answer, not a row the lookup does not find.
    fn a_violation_of_another_unique_key_is_returned(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        let day = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        let booking = |comment: &str| NewBooking {
            first_name: "Ann".into(),
            last_name: "Lee".into(),
            guest_number: 2,
            comment: Some(comment.into()),
            booking_date: day,
            favourite_id: None,
            confirmed: true,
        };
        Booking::create(&mut conn, booking("window")).unwrap();
        let error = Booking::objects()
            .get_or_create(&mut conn, booking::comment.eq("terrace"), booking("terrace"))
            .unwrap_err();
        assert!(matches!(error, Error::UniqueViolation { .. }), "{error:?}");
        assert_eq!(Booking::count(&mut conn).unwrap(), 1);

        // Several rows found is an error too, as in Django.
        Booking::create(&mut conn, NewBooking { booking_date: day.succ_opt().unwrap(), ..booking("window") }).unwrap();
        let error = Booking::objects()
            .get_or_create(&mut conn, booking::comment.eq("window"), booking("window"))
            .unwrap_err();
        assert!(matches!(error, Error::MultipleObjectsReturned { count: 2, .. }), "{error:?}");
    }

    fn update_or_create_creates_once_then_writes_every_field(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        let day = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        let booking = |guests: i32, comment: &str| NewBooking {
            first_name: "Ann".into(),
            last_name: "Lee".into(),
            guest_number: guests,
            comment: Some(comment.into()),
            booking_date: day,
            favourite_id: None,
            confirmed: true,
        };
        let lookup = || booking::first_name.eq("Ann").and(booking::booking_date.eq(day));
        let (created_row, created) =
            Booking::objects().update_or_create(&mut conn, lookup(), booking(2, "window")).unwrap();
        assert!(created);
        let (updated, created) =
            Booking::objects().update_or_create(&mut conn, lookup(), booking(6, "terrace")).unwrap();
        assert!(!created);
        assert_eq!(updated.id, created_row.id);
        assert_eq!((updated.guest_number, updated.comment.as_deref()), (6, Some("terrace")));
        assert_eq!(Booking::get(&mut conn, updated.id).unwrap(), updated);

        // Racing callers: one row, holding one of the callers' values.
        let barrier = Barrier::new(THREADS);
        thread::scope(|scope| {
            for guests in 1..=THREADS as i32 {
                let (barrier, booking) = (&barrier, &booking);
                scope.spawn(move || {
                    let mut conn = db.connect();
                    barrier.wait();
                    let lookup = booking::first_name.eq("Ann").and(booking::booking_date.eq(day.succ_opt().unwrap()));
                    let new = NewBooking { booking_date: day.succ_opt().unwrap(), ..booking(guests, "race") };
                    Booking::objects().update_or_create(&mut conn, lookup, new).unwrap();
                });
            }
        });
        let raced = Booking::objects()
            .filter(booking::booking_date.eq(day.succ_opt().unwrap()))
            .load(&mut conn)
            .unwrap();
        assert_eq!(raced.len(), 1, "{raced:?}");
        assert!((1..=THREADS as i32).contains(&raced[0].guest_number));
    }
}

/// Inside a transaction, PostgreSQL aborts everything after a failed
/// statement; the savepoint around the insert keeps the transaction usable
/// after a lost race.
#[cfg(feature = "postgres")]
#[test]
fn a_lost_race_inside_a_transaction_leaves_it_usable_on_postgres() {
    let db = TestDb::new(Backend::Postgres);
    let mut first = db.connect();
    create_littlelemon_tables(&mut first).unwrap();
    let mut second = db.connect();
    let log = StatementLog::install(&mut second);
    thread::scope(|scope| {
        atomic(&mut first, |first| {
            Category::create(first, specials())?;
            let loser = scope.spawn(move || {
                atomic(&mut second, |second| {
                    // A read before the race, as a transaction would do.
                    assert_eq!(Category::count(second)?, 0);
                    let (row, created) = Category::objects().get_or_create(
                        second,
                        category::title.eq("Specials"),
                        specials(),
                    )?;
                    // The transaction goes on after the refused insert.
                    let mains = Category::create(
                        second,
                        NewCategory {
                            title: "Mains".into(),
                        },
                    )?;
                    Ok::<_, Error>((row, created, mains))
                })
            });
            wait_for_insert(&log);
            Ok::<_, Error>(loser)
        })
        .map(|loser| {
            let (row, created, _) = loser.join().unwrap().unwrap();
            assert_eq!((row.title.as_str(), created), ("Specials", false));
        })
        .unwrap();
    });
    assert_eq!(Category::count(&mut first).unwrap(), 2);
}
