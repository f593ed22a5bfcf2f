//! Fieldless enums as field types: Django's `choices`, backed by a Rust enum.

use super::FieldType;
use crate::schema::{Choice, ChoiceValue};
use crate::Value;

/// A fieldless enum stored in one column, each variant as a value of its
/// own: what `#[derive(ModelEnum)]` implements, with [`FieldType`], so the
/// enum can be a model field's type. Django's `TextChoices` and
/// `IntegerChoices`.
///
/// - `#[model_enum(text)]` (the default) stores each variant as its
///   snake_case name, or as `#[model_enum(value = "...")]` says;
/// - `#[model_enum(integer)]` stores each variant's discriminant, which
///   every variant must then write (`Small = 1`), so that reordering the
///   variants never changes what the rows mean.
///
/// Each variant has a label, `#[model_enum(label = "...")]` or its name
/// spaced (`MainCourse` reads "Main Course"): [`label`](ModelEnum::label)
/// is Django's `get_FOO_display()`. The choices go into the model's schema,
/// so migrations record them as Django's do (they change no SQL).
///
/// A field of the enum's type says its column's SQL type, `Text` or
/// `Integer`, with `#[field(sql_type = ...)]`, as Django's field does
/// (`CharField(choices=...)`, `IntegerField(choices=...)`): Diesel's
/// `table!` needs it by name, and the derive checks it against the enum's
/// storage. The enum compares with its column in Diesel's DSL
/// (`order::course.eq(Course::Main)`). A row holding a value no variant is
/// stored as fails to load with an error naming the model, the field and
/// the value; text typed in the shell or the admin is checked against the
/// choices (a stored value or a label).
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(ModelEnum, Debug, Clone, Copy, PartialEq)]
/// pub enum Course {
///     Starter,
///     #[model_enum(label = "Main course")]
///     Main,
///     #[model_enum(value = "sweet")]
///     Dessert,
/// }
///
/// #[derive(ModelEnum, Debug, Clone, Copy, PartialEq)]
/// #[model_enum(integer)]
/// pub enum Spice {
///     Mild = 1,
///     ExtraHot = 3,
/// }
///
/// #[derive(Model, Debug, Clone, PartialEq)]
/// #[model(app = "choices_doc")]
/// pub struct Dish {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 10, sql_type = Text)]
///     pub course: Course,
///     #[field(sql_type = Integer)]
///     pub spice: Option<Spice>,
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Dish::create_table(&mut conn)?;
/// let dish = Dish::create(&mut conn, NewDish { course: Course::Dessert, spice: Some(Spice::ExtraHot) })?;
/// assert_eq!(dish.course.label(), "Dessert");
/// assert_eq!(Course::Main.label(), "Main course");
/// assert_eq!(Spice::ExtraHot.label(), "Extra Hot");
/// assert_eq!(dish.field_value("course"), Some(Value::Text("sweet".into())));
/// assert_eq!(dish.field_value("spice"), Some(Value::Int(3)));
/// let sweets = Dish::objects().filter(dish::course.eq(Course::Dessert)).count(&mut conn)?;
/// assert_eq!(sweets, 1);
///
/// let choices: Vec<String> = Dish::schema().field("course").unwrap()
///     .choices.iter().map(|c| c.value.to_string()).collect();
/// assert_eq!(choices, ["starter", "main", "sweet"]);
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub trait ModelEnum: FieldType {
    /// Every variant, in declaration order: [`FieldType::CHOICES`]
    /// describes them in the same order.
    const VARIANTS: &'static [Self];

    /// This variant's position in [`VARIANTS`](ModelEnum::VARIANTS).
    fn position(&self) -> usize;

    /// This variant's stored value and label.
    fn choice(&self) -> &'static Choice {
        &Self::CHOICES[self.position()]
    }

    /// What a person reads for this variant: Django's `get_FOO_display()`.
    fn label(&self) -> &'static str {
        let label: &'static str = &self.choice().label;
        label
    }

    /// The variant stored as `value`, if any.
    fn from_stored(value: &ChoiceValue) -> Option<Self> {
        Self::CHOICES
            .iter()
            .position(|choice| choice.value == *value)
            .map(|at| Self::VARIANTS[at].clone())
    }
}

/// The enum's name, without its module path.
fn type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    full.rsplit("::").next().unwrap_or(full)
}

/// The stored value as Django quotes it: `'main'`, `3`.
fn quoted(value: &ChoiceValue) -> String {
    match value {
        ChoiceValue::Text(text) => format!("{:?}", text.as_ref()).replace('"', "'"),
        ChoiceValue::Int(value) => value.to_string(),
    }
}

/// The variant a row's value is stored as, or an error naming the value
/// and the choices: the row cannot become a model.
pub fn from_load<T: ModelEnum>(stored: ChoiceValue) -> Result<T, String> {
    T::from_stored(&stored).ok_or_else(|| {
        let choices: Vec<String> = T::CHOICES.iter().map(|c| quoted(&c.value)).collect();
        format!(
            "the stored value {} is not one of the choices of {}: {}",
            quoted(&stored),
            type_name::<T>(),
            choices.join(", ")
        )
    })
}

/// The variant a dynamic value is stored as, in Django's words when it
/// names none.
pub fn from_value<T: ModelEnum>(value: Value) -> Result<T, String> {
    let stored = match value {
        Value::Text(text) => ChoiceValue::Text(text.into()),
        Value::Int(value) => ChoiceValue::Int(value),
        other => return Err(format!("{other:?} is not a {}", type_name::<T>())),
    };
    T::from_stored(&stored).ok_or_else(|| format!("Value {} is not a valid choice.", quoted(&stored)))
}

/// The variant's stored value as a dynamic value.
pub fn to_value<T: ModelEnum>(variant: &T) -> Value {
    match &variant.choice().value {
        ChoiceValue::Text(text) => Value::Text(text.to_string()),
        ChoiceValue::Int(value) => Value::Int(*value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_as_django_quotes_them() {
        assert_eq!(quoted(&ChoiceValue::Text("it's".into())), "'it's'");
        assert_eq!(quoted(&ChoiceValue::Int(-2)), "-2");
    }
}
