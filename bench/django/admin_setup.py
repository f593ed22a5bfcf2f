"""Makes the admin benchmark's Django database: Django's own migrate, the
rows the bench wrote to a JSON file inserted with bulk_create, and a
superuser.

    BENCH_ADMIN_DB=admin.sqlite3 python admin_setup.py data.json
"""

import json
import os
import sys
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchproject.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from littlelemon.models import Category, Menu  # noqa: E402


def main(path):
    with open(path) as file:
        data = json.load(file)
    call_command("migrate", verbosity=0, interactive=False)
    with transaction.atomic():
        categories = Category.objects.bulk_create(
            Category(title=title) for title in data["categories"]
        )
        Menu.objects.bulk_create(
            (
                Menu(
                    title=row["title"],
                    price=Decimal(row["price"]),
                    inventory=row["inventory"],
                    category=categories[row["category"]],
                    description=row["description"],
                )
                for row in data["menus"]
            ),
            batch_size=500,
        )
        User.objects.create_superuser(data["username"], "", data["password"])
    print(Menu.objects.count())


if __name__ == "__main__":
    main(sys.argv[1])
