//! Indexes and unique groups over several columns, of the models both states
//! have. An index is kept when the columns it covers keep their fields, even
//! under new column names (AlterField renames them in the index); otherwise
//! it is removed before its columns change and added after.

use model_runtime::schema::{Index, ModelSchema, Name};

use super::changes::{Changes, Phase};
use crate::{Operation, ProjectState};

/// The unique groups of a model, as AlterUniqueTogether lists them.
pub(super) fn unique_groups(model: &ModelSchema) -> Vec<Vec<String>> {
    model
        .indexes
        .iter()
        .filter(|i| i.unique)
        .map(|i| i.columns.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// What frees `column` of `model` from every index before it is dropped, so
/// that undoing the drop can restore them.
pub(super) fn release(app: &str, model: &ModelSchema, column: &str) -> Vec<(String, Phase, Operation)> {
    let covers = |index: &Index| index.columns.iter().any(|c| c == column);
    let mut ops: Vec<(String, Phase, Operation)> = model
        .indexes
        .iter()
        .filter(|i| !i.unique && covers(i))
        .map(|index| {
            let op = Operation::RemoveIndex {
                model: model.name.to_string(),
                index: index.clone(),
            };
            (app.to_owned(), Phase::RemoveIndex, op)
        })
        .collect();
    if model.indexes.iter().any(|i| i.unique && covers(i)) {
        let op = Operation::AlterUniqueTogether {
            model: model.name.to_string(),
            unique_together: unique_groups(model)
                .into_iter()
                .filter(|group| !group.iter().any(|c| c == column))
                .collect(),
        };
        ops.push((app.to_owned(), Phase::ShrinkUniqueTogether, op));
    }
    ops
}

/// One model in both states: the working one and its target.
struct Pair<'a> {
    current: &'a ModelSchema,
    target: &'a ModelSchema,
}

impl Pair<'_> {
    /// The index's columns under their target names, when every one of them
    /// keeps its field.
    fn mapped(&self, columns: &[Name]) -> Option<Vec<Name>> {
        columns
            .iter()
            .map(|c| {
                let field = &self.current.column(c)?.field;
                Some(self.target.field(field)?.name.clone())
            })
            .collect()
    }

    /// The plain indexes of the working model that the target keeps.
    fn kept_indexes(&self) -> impl Iterator<Item = (&Index, Index)> {
        self.current
            .indexes
            .iter()
            .filter(|i| !i.unique)
            .filter_map(|index| {
                let columns = self.mapped(&index.columns)?;
                let mapped = Index {
                    columns: columns.into(),
                    ..index.clone()
                };
                self.target.indexes.contains(&mapped).then_some((index, mapped))
            })
    }

    /// The unique groups of the working model that the target keeps, under
    /// their current names and under their target names.
    fn kept_groups(&self) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
        let wanted = unique_groups(self.target);
        self.current
            .indexes
            .iter()
            .filter(|i| i.unique)
            .filter_map(|index| {
                let mapped: Vec<String> = self
                    .mapped(&index.columns)?
                    .iter()
                    .map(|c| c.to_string())
                    .collect();
                let current = index.columns.iter().map(|c| c.to_string()).collect();
                wanted.contains(&mapped).then_some((current, mapped))
            })
            .unzip()
    }
}

fn pairs<'a>(changes: &'a Changes, to: &'a ProjectState) -> impl Iterator<Item = Pair<'a>> {
    to.models().filter_map(|target| {
        let current = changes.working.model(&target.app, &target.name)?;
        Some(Pair { current, target })
    })
}

/// RemoveIndex for each index the target drops, and an AlterUniqueTogether
/// down to the groups it keeps, while their columns are all still there.
pub(super) fn shrink(changes: &mut Changes, to: &ProjectState) {
    let mut ops = Vec::new();
    for pair in pairs(changes, to) {
        let model = pair.current.name.to_string();
        let kept: Vec<&Index> = pair.kept_indexes().map(|(index, _)| index).collect();
        for index in pair.current.indexes.iter().filter(|i| !i.unique) {
            if !kept.contains(&index) {
                let op = Operation::RemoveIndex {
                    model: model.clone(),
                    index: index.clone(),
                };
                ops.push((pair.target.app.to_string(), Phase::RemoveIndex, op));
            }
        }
        let (kept, _) = pair.kept_groups();
        if kept.len() != unique_groups(pair.current).len() {
            let op = Operation::AlterUniqueTogether {
                model,
                unique_together: kept,
            };
            ops.push((pair.target.app.to_string(), Phase::ShrinkUniqueTogether, op));
        }
    }
    for (app, phase, op) in ops {
        changes.push(&app, phase, op);
    }
}

/// AddIndex for each index the target adds, and an AlterUniqueTogether to
/// the target's groups, once the fields they cover exist.
pub(super) fn grow(changes: &mut Changes, to: &ProjectState) {
    let mut ops = Vec::new();
    for pair in pairs(changes, to) {
        let model = pair.target.name.to_string();
        let kept: Vec<Index> = pair.kept_indexes().map(|(_, mapped)| mapped).collect();
        for index in pair.target.indexes.iter().filter(|i| !i.unique) {
            if !kept.contains(index) {
                let op = Operation::AddIndex {
                    model: model.clone(),
                    index: index.clone(),
                };
                ops.push((pair.target.app.to_string(), Phase::AddIndex, op));
            }
        }
        let (_, mut kept) = pair.kept_groups();
        let mut wanted = unique_groups(pair.target);
        kept.sort();
        wanted.sort();
        if kept != wanted {
            let op = Operation::AlterUniqueTogether {
                model,
                unique_together: unique_groups(pair.target),
            };
            ops.push((pair.target.app.to_string(), Phase::AlterUniqueTogether, op));
        }
    }
    for (app, phase, op) in ops {
        changes.push(&app, phase, op);
    }
}
