"""Little Lemon's Menu admin (examples/littlelemon/src/admin.rs)."""

from django.contrib import admin

from .models import Category, Menu


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["title"]
    search_fields = ["title"]
    ordering = ["title"]


@admin.register(Menu)
class MenuAdmin(admin.ModelAdmin):
    # The Rust admin's column `category_id` shows the key. Django, given
    # "category_id" in list_display, shows the category's name and loads
    # it once per row; this method shows the key without that query.
    list_display = ["title", "price", "inventory", "category_key"]
    search_fields = ["title", "description"]
    list_filter = ["category"]
    ordering = ["title"]
    list_per_page = 100

    @admin.display(description="category id", ordering="category_id")
    def category_key(self, obj):
        return obj.category_id
