//! How the admin site shows Little Lemon's models: Django's `admin.py`.
//! `manage runserver` serves these registrations at `/admin/`.

use model_admin::{AdminSite, ModelAdmin};

use crate::models::{Booking, Category, Menu};

/// Registers Category, Menu and Booking with `site`.
///
/// ```
/// let mut site = model_admin::AdminSite::new();
/// littlelemon::admin::register(&mut site);
/// let site = site.build()?;
/// assert!(site.find("littlelemon", "menu").is_some());
/// # Ok::<(), model_admin::AdminError>(())
/// ```
pub fn register(site: &mut AdminSite) {
    site.register::<Category>(
        ModelAdmin::new()
            .list_display(&["title"])
            .search_fields(&["title"])
            .ordering(&["title"]),
    );
    site.register::<Menu>(
        ModelAdmin::new()
            .list_display(&["title", "price", "inventory", "category_id"])
            .search_fields(&["title", "description"])
            .list_filter(&["category_id"])
            .ordering(&["title"])
            .list_per_page(100),
    );
    site.register::<Booking>(
        ModelAdmin::new()
            .list_display(&["first_name", "last_name", "guest_number", "booking_date"])
            .search_fields(&["first_name", "last_name", "comment"])
            .list_filter(&["booking_date"])
            .ordering(&["-booking_date", "last_name"]),
    );
}

model_admin::register_admin!(register);
