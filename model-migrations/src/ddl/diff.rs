//! How a table's named objects move from one definition to the next: kept,
//! renamed (same definition, name derived from a renamed table or column),
//! dropped or created.

use model_runtime::sql::TableObject;

/// The objects of a table, sorted by what becomes of them.
#[derive(Debug, Default)]
pub(super) struct ObjectDiff {
    /// Left as they are.
    pub kept: Vec<TableObject>,
    /// The same object under a new name: `(current name, object)`.
    pub renamed: Vec<(String, TableObject)>,
    /// To drop, as they are now.
    pub dropped: Vec<TableObject>,
    /// To create.
    pub created: Vec<TableObject>,
}

impl ObjectDiff {
    /// Drops and re-creates, rather than keeps or renames, every object
    /// `rebuilt` picks: the backend must take it down for a while (MySQL
    /// changing a column a foreign key uses, PostgreSQL moving a column).
    pub fn recreate(&mut self, rebuilt: impl Fn(&TableObject) -> bool) {
        for object in std::mem::take(&mut self.kept) {
            if rebuilt(&object) {
                self.dropped.push(object.clone());
                self.created.push(object);
            } else {
                self.kept.push(object);
            }
        }
        for (name, object) in std::mem::take(&mut self.renamed) {
            if rebuilt(&object) {
                self.dropped.push(TableObject {
                    name,
                    kind: object.kind.clone(),
                });
                self.created.push(object);
            } else {
                self.renamed.push((name, object));
            }
        }
    }

    /// Every object changed in any way, as it is now or will be.
    pub fn changed(&self) -> impl Iterator<Item = &TableObject> {
        self.renamed
            .iter()
            .map(|(_, o)| o)
            .chain(&self.dropped)
            .chain(&self.created)
    }
}

/// Pairs the objects there are (`now`) with those wanted: same name and
/// definition is kept, same definition under another name is renamed.
pub(super) fn diff(now: Vec<TableObject>, wanted: Vec<TableObject>) -> ObjectDiff {
    let mut result = ObjectDiff::default();
    let mut left = now;
    let mut unmatched = Vec::new();
    for object in wanted {
        match left.iter().position(|o| *o == object) {
            Some(i) => result.kept.push(left.remove(i).clone()),
            None => unmatched.push(object),
        }
    }
    for object in unmatched {
        match left.iter().position(|o| o.kind == object.kind) {
            Some(i) => {
                let old = left.remove(i);
                result.renamed.push((old.name, object));
            }
            None => result.created.push(object),
        }
    }
    result.dropped = left;
    result
}
