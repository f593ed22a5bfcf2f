//! Permissions: made for every installed model after each `migrate`, and checked with `has_perm`.
