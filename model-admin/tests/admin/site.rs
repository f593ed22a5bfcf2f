//! Registering: a field an option names that the model lacks is an error
//! when the site is built, naming the model, the option and the field.

use model_admin::{AdminError, AdminSite, ModelAdmin};

use crate::support::Dish;

fn build(options: ModelAdmin) -> Result<model_admin::BuiltSite, AdminError> {
    let mut site = AdminSite::new();
    site.register::<Dish>(options);
    site.build()
}

#[test]
fn a_field_the_model_lacks_is_refused_when_the_site_is_built() {
    let cases = [
        (
            ModelAdmin::new().list_display(&["title", "cost"]),
            "list_display",
            "cost",
        ),
        (
            ModelAdmin::new().search_fields(&["name"]),
            "search_fields",
            "name",
        ),
        (ModelAdmin::new().ordering(&["-rating"]), "ordering", "rating"),
    ];
    for (options, option, field) in cases {
        let error = build(options).unwrap_err();
        assert!(
            matches!(&error, AdminError::UnknownField { model, option: o, field: f, .. }
                if model == "pantry.Dish" && *o == option && f == field),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(
            message.contains("pantry.Dish") && message.contains(&format!("`{field}`")),
            "{message}"
        );
    }
}

#[test]
fn a_model_registered_twice_or_an_empty_page_is_refused() {
    let mut twice = AdminSite::new();
    twice
        .register::<Dish>(ModelAdmin::new())
        .register::<Dish>(ModelAdmin::new());
    assert!(matches!(twice.build(), Err(AdminError::AlreadyRegistered { model }) if model == "pantry.Dish"));
    assert!(matches!(
        build(ModelAdmin::new().list_per_page(0)),
        Err(AdminError::EmptyPage { .. })
    ));
}

#[test]
fn the_options_that_name_real_fields_build() {
    let site = crate::support::site().build().unwrap();
    let entry = site.find("pantry", "dish").unwrap();
    assert_eq!(entry.label(), "pantry.Dish");
    assert_eq!(entry.url_path(), "pantry/dish");
    assert_eq!(entry.permission("view"), "pantry.view_dish");
}
