//! The model's statically typed queries, once per backend the runtime was
//! built with: the runtime picks them by the connection at run time.

use proc_macro2::TokenStream;
use quote::quote;

use super::{diesel_path, runtime_path};
use crate::ast::Model;

#[derive(Clone, Copy)]
enum Backend {
    Sqlite,
    Postgres,
    Mysql,
}

pub fn expand(model: &Model) -> TokenStream {
    let rt = runtime_path();
    let d = diesel_path();
    let sqlite = ops(model, Backend::Sqlite);
    let postgres = ops(model, Backend::Postgres);
    let mysql = ops(model, Backend::Mysql);
    quote! {
        #rt::__if_sqlite! {
            const __SQLITE: #rt::__private::Ops<#d::SqliteConnection, Self> = #sqlite;
        }
        #rt::__if_postgres! {
            const __POSTGRES: #rt::__private::Ops<#d::PgConnection, Self> = #postgres;
        }
        #rt::__if_mysql! {
            const __MYSQL: #rt::__private::Ops<#d::MysqlConnection, Self> = #mysql;
        }
    }
}

fn ops(model: &Model, backend: Backend) -> TokenStream {
    let rt = runtime_path();
    let d = diesel_path();
    let module = model.module();
    let key = model.primary_key().expect("checked").ident;
    let traits = quote! {
        use #d::{ExpressionMethods as _, QueryDsl as _, RunQueryDsl as _};
    };
    let insert_one = quote! {
        |conn, row| {
            #traits
            #d::insert_into(#module::table).values(row).execute(conn)
        }
    };
    let insert_returning = match backend {
        Backend::Sqlite | Backend::Postgres => quote! {
            |conn, row| {
                #traits
                #d::insert_into(#module::table).values(row).get_result(conn)
            }
        },
        // MySQL has no RETURNING: insert, then read back by LAST_INSERT_ID().
        Backend::Mysql => quote! {
            |conn, row| #rt::__private::mysql_insert_returning::<Self>(conn, row, #insert_one)
        },
    };
    let columns = model.insertable_fields().count();
    let insert_batch = match backend {
        Backend::Sqlite => quote! {
            |conn, rows| #rt::__private::insert_each(conn, rows, #insert_one)
        },
        Backend::Postgres | Backend::Mysql => {
            let backend = match backend {
                Backend::Postgres => quote!(#rt::Backend::Postgres),
                _ => quote!(#rt::Backend::Mysql),
            };
            quote! {
                |conn, rows| #rt::__private::insert_chunked(conn, rows, #columns, #backend, |conn, chunk| {
                    #traits
                    #d::insert_into(#module::table).values(chunk).execute(conn)
                })
            }
        }
    };
    let update = if model.updatable_fields().next().is_some() {
        quote! {
            |conn, row| {
                #traits
                #d::update(#module::table.filter(#module::#key.eq(#rt::__private::bind_ref(&row.#key)))).set(row).execute(conn)
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
            insert_batch: #insert_batch,
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
