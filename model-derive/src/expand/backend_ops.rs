//! The model's statically typed queries, once per backend the runtime was
//! built with: the runtime picks them by the connection at run time.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{diesel_path, runtime_path};
use crate::ast::Model;

#[derive(Clone, Copy)]
enum Backend {
    Sqlite,
    Postgres,
    Mysql,
}

impl Backend {
    const ALL: [Backend; 3] = [Backend::Sqlite, Backend::Postgres, Backend::Mysql];

    /// The runtime's macro that keeps its input only when the runtime was
    /// built with this backend.
    fn if_enabled(self) -> TokenStream {
        let rt = runtime_path();
        match self {
            Backend::Sqlite => quote!(#rt::__if_sqlite!),
            Backend::Postgres => quote!(#rt::__if_postgres!),
            Backend::Mysql => quote!(#rt::__if_mysql!),
        }
    }

    fn connection(self) -> TokenStream {
        let d = diesel_path();
        match self {
            Backend::Sqlite => quote!(#d::SqliteConnection),
            Backend::Postgres => quote!(#d::PgConnection),
            Backend::Mysql => quote!(#d::MysqlConnection),
        }
    }

    /// The `Model` items holding this backend's queries: its `Ops` constant
    /// and, but on MySQL, whose `bulk_create` the runtime runs for every
    /// model from the schema, its batch insert.
    fn items(self) -> (Ident, Option<Ident>) {
        let (ops, batch) = match self {
            Backend::Sqlite => ("__SQLITE", Some("__sqlite_insert_batch")),
            Backend::Postgres => ("__POSTGRES", Some("__postgres_insert_batch")),
            Backend::Mysql => ("__MYSQL", None),
        };
        (
            format_ident!("{ops}"),
            batch.map(|batch| format_ident!("{batch}")),
        )
    }
}

pub fn expand(model: &Model) -> TokenStream {
    Backend::ALL
        .into_iter()
        .map(|backend| backend_items(model, backend))
        .collect()
}

/// Each backend's `Ops` constant and batch insert, never run: for the
/// stand-in of a model that failed to derive, which must only type-check.
pub fn stubs(model: &Model) -> TokenStream {
    let rt = runtime_path();
    let d = diesel_path();
    let new = model.new_ident();
    Backend::ALL
        .into_iter()
        .map(|backend| {
            let if_enabled = backend.if_enabled();
            let conn = backend.connection();
            let (ops_const, batch_fn) = backend.items();
            let batch_fn = batch_fn.map(|batch_fn| {
                quote! {
                    fn #batch_fn<__Deferred>(_: &mut #conn, _: &[#new]) -> #d::QueryResult<usize> {
                        ::core::unreachable!()
                    }
                }
            });
            quote! {
                #if_enabled {
                    const #ops_const: #rt::__private::Ops<#conn, Self> = ::core::unreachable!();

                    #batch_fn
                }
            }
        })
        .collect()
}

/// One backend's `Ops` constant and batch insert, in the `Model` impl.
fn backend_items(model: &Model, backend: Backend) -> TokenStream {
    let rt = runtime_path();
    let d = diesel_path();
    let if_enabled = backend.if_enabled();
    let conn = backend.connection();
    let (ops_const, batch_fn) = backend.items();
    let ops = ops(model, backend);
    let new = model.new_ident();
    let batch_fn = batch_fn.map(|batch_fn| {
        let batch = insert_batch(model, backend);
        quote! {
            fn #batch_fn<__Deferred>(conn: &mut #conn, rows: &[#new]) -> #d::QueryResult<usize> {
                let insert: fn(&mut #conn, &[#new]) -> #d::QueryResult<usize> = #batch;
                insert(conn, rows)
            }
        }
    });
    quote! {
        #if_enabled {
            const #ops_const: #rt::__private::Ops<#conn, Self> = #ops;

            #batch_fn
        }
    }
}

fn traits() -> TokenStream {
    let d = diesel_path();
    quote! {
        use #d::{ExpressionMethods as _, QueryDsl as _, RunQueryDsl as _};
    }
}

/// `INSERT INTO table (..) VALUES (..)` of one new row, counting rows.
fn insert_one(model: &Model) -> TokenStream {
    let d = diesel_path();
    let module = model.module();
    let traits = traits();
    quote! {
        |conn, row| {
            #traits
            #d::insert_into(#module::table).values(row).execute(conn)
        }
    }
}

/// The batch insert behind `bulk_create` on one backend.
fn insert_batch(model: &Model, backend: Backend) -> TokenStream {
    let rt = runtime_path();
    let d = diesel_path();
    let module = model.module();
    let traits = traits();
    let insert_one = insert_one(model);
    let columns = model.insertable_fields().count();
    match backend {
        Backend::Sqlite if columns == 0 => quote! {
            |conn, rows| #rt::__private::insert_each(conn, rows, #insert_one)
        },
        Backend::Sqlite => quote! {
            |conn, rows| {
                const ROWS: usize = #rt::__private::sqlite_rows_per_statement(#columns);
                #rt::__private::insert_in_chunks::<_, _, ROWS>(
                    conn,
                    rows,
                    |conn, chunk| {
                        #traits
                        #d::insert_into(#module::table).values(chunk).execute(conn)
                    },
                    #insert_one,
                )
            }
        },
        // One `COPY ... FROM STDIN` statement streams every row, in COPY's
        // text format; a model whose rows get the current time at insert
        // keeps the INSERTs that compute it, as does one with nothing to
        // insert but its key.
        Backend::Postgres if columns > 0 && model.auto_now_fields().next().is_none() => {
            let fields = model.insertable_fields().map(|f| f.ident);
            quote! {
                |conn, rows| {
                    use #d::prelude::ExecuteCopyFromDsl as _;
                    #d::copy_from(#module::table)
                        .from_raw_data((#(#module::#fields,)*), |out| #rt::__private::copy_rows(rows, out))
                        .with_format(#d::pg::CopyFormat::Text)
                        .execute(conn)
                }
            }
        }
        Backend::Postgres => {
            let new = model.new_ident();
            // A batch of any length is a `Vec` of each row's pairs: Diesel
            // inserts many tuples at once, and many of a struct of ours
            // only through its own `Insertable` derive.
            quote! {
                |conn, rows| #rt::__private::insert_chunked(conn, rows, #columns, #rt::Backend::Postgres, |conn, chunk| {
                    #traits
                    let records: ::std::vec::Vec<_> = chunk.iter().map(#new::__insert_record).collect();
                    #d::insert_into(#module::table).values(records).execute(conn)
                })
            }
        }
        Backend::Mysql => unreachable!("MySQL's batch insert is the runtime's"),
    }
}

fn ops(model: &Model, backend: Backend) -> TokenStream {
    let rt = runtime_path();
    let d = diesel_path();
    let ident = model.ident;
    let module = model.module();
    let key = model.primary_key().expect("checked").ident;
    let traits = traits();
    let insert_one = insert_one(model);
    let insert_returning = match backend {
        Backend::Sqlite | Backend::Postgres => quote! {
            |conn, row| {
                #traits
                #d::insert_into(#module::table).values(row).get_result(conn)
            }
        },
        // MySQL has no RETURNING: insert, then read the row back, by
        // `LAST_INSERT_ID()` in the same statement when the key is the
        // database's, by the key the row carries otherwise.
        Backend::Mysql if model.primary_key().is_some_and(|pk| pk.is_auto_increment()) => quote! {
            |conn, row| #rt::__private::mysql_insert_returning::<Self>(conn, row, #insert_one, |conn, _| {
                #traits
                #module::table.filter(#module::#key.eq(#rt::expression::LastInsertId::new())).get_result(conn)
            })
        },
        Backend::Mysql => quote! {
            |conn, row| #rt::__private::mysql_insert_returning::<Self>(conn, row, #insert_one, |conn, row| {
                #traits
                #module::table.filter(#module::#key.eq(#rt::__private::bind_ref(&row.#key))).get_result(conn)
            })
        },
    };
    let update = if model.updatable_fields().next().is_some() {
        quote! {
            |conn, row| {
                #traits
                // Every field set, every value bound: a text Diesel may cache.
                #rt::__private::UpdateByKey::<#ident, _, _, _>::new(#module::table, row, #module::#key.eq(#rt::__private::bind_ref(&row.#key))).execute(conn)
            }
        }
    } else {
        // Nothing to set: report whether the row exists, as an UPDATE would.
        quote! {
            |conn, row| {
                #traits
                #module::table
                    .filter(#module::#key.eq(#rt::__private::bind_ref(&row.#key)))
                    .count()
                    .get_result::<i64>(conn)
                    .map(|n| n as usize)
            }
        }
    };
    quote! {
        #rt::__private::Ops {
            insert_returning: #insert_returning,
            select_by_key: |conn, key| {
                #traits
                // `filter(..).get_result` rather than `find(..).first`: no LIMIT
                // to bind, and the statement stays in Diesel's cache.
                #module::table.filter(#module::#key.eq(#rt::__private::bind_ref(key))).get_result(conn)
            },
            select_all: |conn| {
                #traits
                #module::table.order(#module::#key).load(conn)
            },
            count: |conn| {
                #traits
                #module::table.count().get_result(conn)
            },
            update: #update,
            delete_by_key: |conn, key| {
                #traits
                #d::delete(#module::table.filter(#module::#key.eq(#rt::__private::bind_ref(key)))).execute(conn)
            },
        }
    }
}
