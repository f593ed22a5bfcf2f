use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Tag {
    #[field(primary_key)]
    pub id: i64,
    pub name: String,
}

#[derive(Model)]
#[model(app = "shop", many_to_many(tags = Tag, through = Tagging))]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    pub name: String,
}

#[derive(Model)]
#[model(app = "shop")]
pub struct Tagging {
    #[field(primary_key)]
    pub id: i64,
    #[field(foreign_key = Item, on_delete = "cascade", related_name = "+")]
    pub item_id: i64,
    #[field(foreign_key = Tag, on_delete = "cascade", related_name = "+")]
    pub tag_id: i64,
    pub weight: i32,
}

fn tag(conn: &mut Connection, item: &Item, tag: &Tag) -> Result<usize> {
    item.tags().add(conn, &[tag])
}

fn main() {}
