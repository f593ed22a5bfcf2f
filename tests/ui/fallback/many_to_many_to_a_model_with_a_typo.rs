use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Tag {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 20, uniqe)]
    pub label: String,
}

#[derive(Model)]
#[model(app = "shop", many_to_many(tags = Tag))]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    pub name: String,
}

// Code that goes through the relation both ways.
fn tags_of_item_one(conn: &mut Connection) -> Result<Vec<Tag>> {
    let item = Item::get(conn, 1)?;
    let tag = Tag::get(conn, 2)?;
    item.tags().add(conn, &[&tag])?;
    let _items: Vec<Item> = tag.items().all(conn)?;
    item.tags().all(conn)
}

fn main() {
    let mut conn = model_runtime::connect("sqlite::memory:").unwrap();
    let _ = tags_of_item_one(&mut conn);
}
