//! `ModelAdmin`: how one model shows in the admin, as Django's options
//! class says it.

/// How a registered model shows in the admin: Django's `ModelAdmin`
/// options, fields named as strings and checked against the model's schema
/// when the site is [built](crate::AdminSite::build).
///
/// ```
/// use model_admin::ModelAdmin;
///
/// let options = ModelAdmin::new()
///     .list_display(&["title", "price"])
///     .search_fields(&["title"])
///     .ordering(&["-price"])
///     .list_per_page(50);
/// assert_eq!(options.per_page(), 50);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelAdmin {
    pub(crate) list_display: Vec<String>,
    pub(crate) search_fields: Vec<String>,
    pub(crate) ordering: Vec<String>,
    pub(crate) list_filter: Vec<String>,
    pub(crate) readonly_fields: Vec<String>,
    pub(crate) list_per_page: usize,
}

impl Default for ModelAdmin {
    fn default() -> ModelAdmin {
        ModelAdmin {
            list_display: Vec::new(),
            search_fields: Vec::new(),
            ordering: Vec::new(),
            list_filter: Vec::new(),
            readonly_fields: Vec::new(),
            list_per_page: 100,
        }
    }
}

impl ModelAdmin {
    /// Django's defaults: the key and a text form of each row as columns, no
    /// search box, newest key first, 100 rows a page.
    pub fn new() -> ModelAdmin {
        ModelAdmin::default()
    }

    /// The columns of the change list, by field name.
    pub fn list_display(mut self, fields: &[&str]) -> ModelAdmin {
        self.list_display = fields.iter().map(|f| (*f).to_owned()).collect();
        self
    }

    /// The fields the search box looks in: each word of the search must be
    /// in one of them, ignoring case (Django's `icontains`, ANDed per word).
    pub fn search_fields(mut self, fields: &[&str]) -> ModelAdmin {
        self.search_fields = fields.iter().map(|f| (*f).to_owned()).collect();
        self
    }

    /// The order of the change list: field names, `-` first for descending.
    pub fn ordering(mut self, fields: &[&str]) -> ModelAdmin {
        self.ordering = fields.iter().map(|f| (*f).to_owned()).collect();
        self
    }

    /// The change list's sidebar filters, by field name: a boolean, a field
    /// with choices, a foreign key or a date (Django's `list_filter`).
    pub fn list_filter(mut self, fields: &[&str]) -> ModelAdmin {
        self.list_filter = fields.iter().map(|f| (*f).to_owned()).collect();
        self
    }

    /// Fields the change form shows but never takes from a form (Django's
    /// `readonly_fields`): a value posted for one is ignored.
    pub fn readonly_fields(mut self, fields: &[&str]) -> ModelAdmin {
        self.readonly_fields = fields.iter().map(|f| (*f).to_owned()).collect();
        self
    }

    /// Rows on one page of the change list (at least 1; the default is 100).
    pub fn list_per_page(mut self, rows: usize) -> ModelAdmin {
        self.list_per_page = rows;
        self
    }

    /// Rows on one page of the change list.
    pub fn per_page(&self) -> usize {
        self.list_per_page
    }
}
