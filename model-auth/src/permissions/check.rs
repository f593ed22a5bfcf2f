//! Django's `has_perm`: a user's own permissions and their groups', none
//! for an inactive user, all for an active superuser.

use std::collections::BTreeSet;

use model_runtime::Connection;

use crate::{Permission, Result, User};

impl User {
    /// Whether the user may do `perm`, written `"<app>.<codename>"`
    /// (`"littlelemon.change_menu"`): through a permission of their own or
    /// of one of their groups. An inactive user may do nothing; an active
    /// superuser may do everything, named or not.
    ///
    /// ```
    /// # let mut conn = model_auth::doc_database();
    /// use model_auth::{create_user, NewPermission, Permission};
    ///     ///
    /// let mut ada = create_user(&mut conn, "ada", "", "correct horse battery")?;
    /// let change = Permission::create(&mut conn, NewPermission {
    ///     name: "Can change menu".into(),
    ///     app_label: "littlelemon".into(),
    ///     model: "menu".into(),
    ///     codename: "change_menu".into(),
    /// })?;
    /// assert!(!ada.has_perm(&mut conn, "littlelemon.change_menu")?);
    /// ada.user_permissions().add(&mut conn, &[&change])?;
    /// assert!(ada.has_perm(&mut conn, "littlelemon.change_menu")?);
    ///
    /// ada.is_active = false;
    /// assert!(!ada.has_perm(&mut conn, "littlelemon.change_menu")?);
    /// # Ok::<(), model_auth::AuthError>(())
    /// ```
    pub fn has_perm(&self, conn: &mut Connection, perm: &str) -> Result<bool> {
        if !self.is_active {
            return Ok(false);
        }
        if self.is_superuser {
            return Ok(true);
        }
        Ok(self.all_permissions(conn)?.contains(perm))
    }

    /// Whether the user may do every one of `perms`.
    pub fn has_perms(&self, conn: &mut Connection, perms: &[&str]) -> Result<bool> {
        if !self.is_active {
            return Ok(false);
        }
        if self.is_superuser {
            return Ok(true);
        }
        let held = self.all_permissions(conn)?;
        Ok(perms.iter().all(|perm| held.contains(*perm)))
    }

    /// Whether the user may do anything in `app`: what decides if the
    /// admin shows the app to them.
    pub fn has_module_perms(&self, conn: &mut Connection, app: &str) -> Result<bool> {
        if !self.is_active {
            return Ok(false);
        }
        if self.is_superuser {
            return Ok(true);
        }
        let prefix = format!("{app}.");
        Ok(self.all_permissions(conn)?.iter().any(|p| p.starts_with(&prefix)))
    }

    /// Every permission the user holds, their own and their groups', as
    /// `"<app>.<codename>"`; empty for an inactive user. A superuser's are
    /// the ones given, not all of them: ask [`has_perm`](User::has_perm).
    pub fn all_permissions(&self, conn: &mut Connection) -> Result<BTreeSet<String>> {
        if !self.is_active {
            return Ok(BTreeSet::new());
        }
        let mut held: Vec<Permission> = self.user_permissions().all(conn)?;
        for group in self.groups().all(conn)? {
            held.extend(group.permissions().all(conn)?);
        }
        Ok(held.iter().map(Permission::label).collect())
    }
}

impl Permission {
    /// `"<app>.<codename>"`, as [`User::has_perm`] names it.
    pub fn label(&self) -> String {
        format!("{}.{}", self.app_label, self.codename)
    }
}
