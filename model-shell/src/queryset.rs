//! `Menu.objects...`: Django's query sets over one model, lazy until a
//! method needs rows, as Django's are.

use model_runtime::dynamic::{DynFilter, DynQuery};
use model_runtime::{DynModel, Error, Row};
use std::ops::{Range, RangeInclusive};

use rhai::{Array, Dynamic, Engine, Map, INT};

use crate::db::{fail, Db, ScriptResult};
use crate::instance::Instance;
use crate::lookup;

/// How many rows a query set shows when printed, as Django's repr does.
pub const SHOWN_ROWS: usize = 20;

/// The rows of one model a chain of `filter`, `exclude`, `order_by` and
/// slices selects; nothing runs until a method needs the rows.
#[derive(Clone)]
pub struct QuerySet {
    model: &'static dyn DynModel,
    query: DynQuery,
    db: Db,
}

impl QuerySet {
    /// Every row of `model`.
    pub fn new(model: &'static dyn DynModel, db: Db) -> QuerySet {
        QuerySet {
            model,
            query: DynQuery::default(),
            db,
        }
    }

    fn name(&self) -> &'static str {
        &self.model.schema().name
    }

    /// This query set, also filtered by `filter`.
    pub fn filtered(mut self, filter: DynFilter) -> QuerySet {
        self.query.filters.push(filter);
        self
    }

    fn with_filters(&self, filters: Vec<DynFilter>) -> ScriptResult<QuerySet> {
        self.refuse_sliced("filter")?;
        let mut next = self.clone();
        next.query.filters.extend(filters);
        Ok(next)
    }

    fn filter(&mut self, lookups: Map) -> ScriptResult<QuerySet> {
        let filters = lookup::filters(self.model.schema(), &lookups).map_err(fail)?;
        self.with_filters(filters)
    }

    fn exclude(&mut self, lookups: Map) -> ScriptResult<QuerySet> {
        let filters = lookup::filters(self.model.schema(), &lookups).map_err(fail)?;
        self.with_filters(vec![DynFilter::Not(filters)])
    }

    /// `order_by("-price", "title")`: a `-` sorts that field descending.
    fn order_by(&mut self, fields: &[&str]) -> ScriptResult<QuerySet> {
        self.refuse_sliced("order_by")?;
        let schema = self.model.schema();
        let mut order = Vec::new();
        for name in fields {
            let (name, descending) = match name.strip_prefix('-') {
                Some(name) => (name, true),
                None => (*name, false),
            };
            let column = lookup::field(schema, name).map_err(fail)?;
            order.push((column.field.to_string(), descending));
        }
        let mut next = self.clone();
        next.query.order = order;
        Ok(next)
    }

    /// Django refuses to filter or reorder a sliced query set: the slice
    /// would silently change meaning.
    fn refuse_sliced(&self, method: &str) -> ScriptResult<()> {
        if self.query.limit.is_some() || self.query.offset > 0 {
            return Err(fail(Error::InvalidQuery {
                model: self.name().to_owned(),
                message: format!("cannot {method} a query set once it is sliced"),
            }));
        }
        Ok(())
    }

    /// The rows `offset..offset + count` of this query set's rows.
    fn sliced(&self, offset: u64, count: Option<u64>) -> QuerySet {
        let mut next = self.clone();
        next.query.offset = self.query.offset + offset;
        next.query.limit = match (self.query.limit, count) {
            (Some(limit), Some(count)) => Some(count.min(limit.saturating_sub(offset))),
            (Some(limit), None) => Some(limit.saturating_sub(offset)),
            (None, count) => count,
        };
        next
    }

    fn range(&mut self, start: INT, end: INT) -> ScriptResult<QuerySet> {
        if start < 0 || end < 0 {
            return Err(fail(format!("{} query sets take no negative index", self.name())));
        }
        let (start, end) = (start as u64, (end as u64).max(start as u64));
        Ok(self.sliced(start, Some(end - start)))
    }

    fn offset(&mut self, count: INT) -> ScriptResult<QuerySet> {
        if count < 0 {
            return Err(fail(format!(
                "{} query sets take no negative offset",
                self.name()
            )));
        }
        Ok(self.sliced(count as u64, None))
    }

    /// The rows this query set selects.
    pub fn rows(&self) -> ScriptResult<Vec<Row>> {
        let (model, query) = (self.model, &self.query);
        self.db.run(|conn| model.filter(conn, query))
    }

    fn instances(&self) -> ScriptResult<Vec<Instance>> {
        Ok(self
            .rows()?
            .into_iter()
            .map(|row| Instance::new(self.model, row, self.db.clone()))
            .collect())
    }

    fn list(&mut self) -> ScriptResult<Array> {
        Ok(self.instances()?.into_iter().map(Dynamic::from).collect())
    }

    /// How many rows it selects.
    pub fn count(&self) -> ScriptResult<INT> {
        if self.query.limit.is_some() || self.query.offset > 0 {
            return Ok(self.rows()?.len() as INT);
        }
        let (model, query) = (self.model, &self.query);
        self.db.run(|conn| model.count_filtered(conn, query))
    }

    fn exists(&mut self) -> ScriptResult<bool> {
        Ok(!self.sliced(0, Some(1)).rows()?.is_empty())
    }

    /// The one row the lookups select: Django's `get()`.
    fn get(&mut self, lookups: Map) -> ScriptResult<Instance> {
        self.filter(lookups)?.one()?.ok_or_else(|| {
            fail(Error::NotFound {
                model: self.name().to_owned(),
            })
        })
    }

    /// The one row selected, `None` for none, an error for several.
    fn one(&self) -> ScriptResult<Option<Instance>> {
        // 21 rows are enough to say "more than 20", as Django says it.
        let mut rows = self.sliced(0, Some(21)).instances()?;
        match rows.len() {
            0 | 1 => Ok(rows.pop()),
            count => Err(fail(Error::MultipleObjectsReturned {
                model: self.name().to_owned(),
                count,
            })),
        }
    }

    /// `get(3)`: the row with this primary key.
    fn get_by_key(&mut self, key: Dynamic) -> ScriptResult<Instance> {
        let mut lookups = Map::new();
        lookups.insert("pk".into(), key);
        self.get(lookups)
    }

    /// The first row in its order, by primary key when unordered; `()` when none.
    fn first(&mut self) -> ScriptResult<Dynamic> {
        Ok(self
            .sliced(0, Some(1))
            .instances()?
            .pop()
            .map_or(Dynamic::UNIT, Dynamic::from))
    }

    /// The last row in its order, by primary key when unordered; `()` when none.
    fn last(&mut self) -> ScriptResult<Dynamic> {
        let mut reversed = self.clone();
        if reversed.query.order.is_empty() {
            let key = self.model.schema().primary_key().map(|c| c.field.to_string());
            reversed.query.order = key.into_iter().map(|key| (key, true)).collect();
        } else {
            for (_, descending) in &mut reversed.query.order {
                *descending = !*descending;
            }
        }
        if self.query.limit.is_some() || self.query.offset > 0 {
            return Ok(self.instances()?.pop().map_or(Dynamic::UNIT, Dynamic::from));
        }
        reversed.first()
    }

    /// Each row as a map of field to value; only the fields named, when any are.
    fn values(&mut self, fields: &[&str]) -> ScriptResult<Array> {
        let schema = self.model.schema();
        let names: Vec<String> = if fields.is_empty() {
            schema.columns.iter().map(|c| c.field.to_string()).collect()
        } else {
            fields
                .iter()
                .map(|name| lookup::field(schema, name).map(|c| c.field.to_string()))
                .collect::<Result<_, _>>()
                .map_err(fail)?
        };
        Ok(self
            .instances()?
            .into_iter()
            .map(|instance| {
                let all = instance.fields();
                let row: Map = names
                    .iter()
                    .map(|name| {
                        (
                            name.as_str().into(),
                            all.get(name.as_str()).cloned().unwrap_or_default(),
                        )
                    })
                    .collect();
                Dynamic::from_map(row)
            })
            .collect())
    }

    /// Inserts a row: Django's `create(**fields)`.
    fn create(&mut self, fields: Map) -> ScriptResult<Instance> {
        let values = self.values_of(&fields)?;
        let pairs: Vec<(&str, model_runtime::Value)> =
            values.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let model = self.model;
        let row = self.db.run(|conn| model.create_values(conn, &pairs))?;
        Ok(Instance::new(self.model, row, self.db.clone()))
    }

    /// The fields of a map, each converted through its field's type.
    fn values_of(&self, fields: &Map) -> ScriptResult<Vec<(String, model_runtime::Value)>> {
        let schema = self.model.schema();
        fields
            .iter()
            .map(|(name, value)| {
                let column = lookup::field(schema, name).map_err(fail)?;
                let value = crate::convert::to_value(schema, column, value).map_err(fail)?;
                Ok((column.field.to_string(), value))
            })
            .collect()
    }

    /// `[instance, created]`: the row the lookups select, or a new one made
    /// of the lookups without `__` and the defaults, in one transaction.
    fn get_or_create(&mut self, lookups: Map, defaults: Map) -> ScriptResult<Array> {
        let db = self.db.clone();
        db.atomic(|| {
            if let Some(found) = self.filter(lookups.clone())?.one()? {
                return Ok(vec![Dynamic::from(found), Dynamic::FALSE]);
            }
            let mut fields: Map = lookups.into_iter().filter(|(k, _)| !k.contains("__")).collect();
            fields.extend(defaults);
            let created = self.create(fields)?;
            Ok(vec![Dynamic::from(created), Dynamic::TRUE])
        })
    }

    /// Sets these fields on every row selected, in one transaction; the
    /// number of rows changed. Each row is validated as `save()` does.
    fn update(&mut self, fields: Map) -> ScriptResult<INT> {
        let values = self.values_of(&fields)?;
        let pairs: Vec<(&str, model_runtime::Value)> =
            values.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let model = self.model;
        self.db.atomic(|| {
            let rows = self.rows()?;
            for row in &rows {
                self.db
                    .run(|conn| model.update_values(conn, row.primary_key(), &pairs))?;
            }
            Ok(rows.len() as INT)
        })
    }

    /// Deletes every row selected (and what their foreign keys cascade
    /// to), in one transaction; the number of rows deleted.
    fn delete(&mut self) -> ScriptResult<INT> {
        let model = self.model;
        self.db.atomic(|| {
            let rows = self.rows()?;
            for row in &rows {
                self.db.run(|conn| model.delete(conn, row.primary_key()))?;
            }
            Ok(rows.len() as INT)
        })
    }

    fn index(&mut self, index: INT) -> ScriptResult<Instance> {
        if index < 0 {
            return Err(fail(format!("{} query sets take no negative index", self.name())));
        }
        self.sliced(index as u64, Some(1))
            .instances()?
            .pop()
            .ok_or_else(|| fail(format!("{} index {index} is out of range", self.name())))
    }

    /// The rows as an aligned table, at most `shown` of them, with a count.
    pub fn table(&self, shown: usize) -> ScriptResult<String> {
        let rows = self.sliced(0, Some(shown as u64 + 1)).rows()?;
        let total = if rows.len() > shown {
            Some(self.count()?)
        } else {
            None
        };
        Ok(crate::display::table(
            self.model.schema(),
            &rows[..rows.len().min(shown)],
            total,
        ))
    }
}

pub fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<QuerySet>("QuerySet")
        .register_fn("all", |q: &mut QuerySet| q.clone())
        .register_fn("filter", QuerySet::filter)
        .register_fn("exclude", QuerySet::exclude)
        .register_fn("order_by", |q: &mut QuerySet, a: &str| q.order_by(&[a]))
        .register_fn("order_by", |q: &mut QuerySet, a: &str, b: &str| {
            q.order_by(&[a, b])
        })
        .register_fn("order_by", |q: &mut QuerySet, a: &str, b: &str, c: &str| {
            q.order_by(&[a, b, c])
        })
        .register_fn("get", QuerySet::get)
        .register_fn("get", QuerySet::get_by_key)
        .register_fn("first", QuerySet::first)
        .register_fn("last", QuerySet::last)
        .register_fn("count", |q: &mut QuerySet| q.count())
        .register_fn("exists", QuerySet::exists)
        .register_fn("values", |q: &mut QuerySet| q.values(&[]))
        .register_fn("values", |q: &mut QuerySet, a: &str| q.values(&[a]))
        .register_fn("values", |q: &mut QuerySet, a: &str, b: &str| q.values(&[a, b]))
        .register_fn("values", |q: &mut QuerySet, a: &str, b: &str, c: &str| {
            q.values(&[a, b, c])
        })
        .register_fn("create", QuerySet::create)
        .register_fn("get_or_create", |q: &mut QuerySet, lookups: Map| {
            q.get_or_create(lookups, Map::new())
        })
        .register_fn("get_or_create", QuerySet::get_or_create)
        .register_fn("update", QuerySet::update)
        .register_fn("delete", QuerySet::delete)
        .register_fn("limit", |q: &mut QuerySet, n: INT| q.range(0, n))
        .register_fn("offset", QuerySet::offset)
        .register_fn("list", QuerySet::list)
        .register_indexer_get(QuerySet::index)
        .register_indexer_get(|q: &mut QuerySet, r: Range<INT>| q.range(r.start, r.end))
        .register_indexer_get(|q: &mut QuerySet, r: RangeInclusive<INT>| q.range(*r.start(), r.end() + 1))
        .register_fn("len", |q: &mut QuerySet| q.count())
        .register_fn("to_string", |q: &mut QuerySet| {
            q.table(SHOWN_ROWS).unwrap_or_else(|e| e.to_string())
        })
        .register_fn("to_debug", |q: &mut QuerySet| {
            q.table(SHOWN_ROWS).unwrap_or_else(|e| e.to_string())
        })
        .register_iterator_result::<QuerySet, Instance>();
}

impl IntoIterator for QuerySet {
    type Item = ScriptResult<Instance>;
    type IntoIter = std::vec::IntoIter<ScriptResult<Instance>>;

    /// The rows, read when a `for` loop starts; a failed read is the loop's error.
    fn into_iter(self) -> Self::IntoIter {
        match self.instances() {
            Ok(rows) => rows.into_iter().map(Ok).collect::<Vec<_>>().into_iter(),
            Err(error) => vec![Err(error)].into_iter(),
        }
    }
}
