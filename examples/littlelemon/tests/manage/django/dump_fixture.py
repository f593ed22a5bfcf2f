"""Writes django_fixture.json, the fixture the loaddata tests load: rows of
Little Lemon's models and of auth, made by Django's own ORM and dumped by
Django's own serializer, as `python manage.py dumpdata --indent 2` does.

Run with Django 5.2 (`pip install "Django>=5.2,<5.3"`):

    python dump_fixture.py > django_fixture.json
"""

import datetime
import decimal
import sys

import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    USE_TZ=True,
    # A fixed, fast hasher: the hash is data here, not a secret.
    PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"],
)
django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core import serializers  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402


# Little Lemon's models (examples/littlelemon/src/models.rs), as Django declares them.
class Category(models.Model):
    title = models.CharField(max_length=255, unique=True)

    class Meta:
        app_label = "littlelemon"


class Menu(models.Model):
    title = models.CharField(max_length=255)
    price = models.DecimalField(max_digits=6, decimal_places=2)
    inventory = models.IntegerField(default=0)
    category = models.ForeignKey(Category, on_delete=models.CASCADE)
    description = models.TextField(null=True, blank=True)

    class Meta:
        app_label = "littlelemon"


class Booking(models.Model):
    first_name = models.CharField(max_length=200)
    last_name = models.CharField(max_length=200)
    guest_number = models.IntegerField(default=1)
    comment = models.CharField(max_length=1000, null=True)
    booking_date = models.DateField(db_index=True)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    dishes = models.ManyToManyField(Menu, through="BookingItem")

    class Meta:
        app_label = "littlelemon"


class BookingItem(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="items")
    menu = models.ForeignKey(Menu, on_delete=models.PROTECT, related_name="orders")
    quantity = models.IntegerField(default=1)

    class Meta:
        app_label = "littlelemon"
        db_table = "littlelemon_booking_item"
        unique_together = [["booking", "menu"]]


call_command("migrate", verbosity=0)
with connection.schema_editor() as editor:
    for model in (Category, Menu, Booking, BookingItem):
        editor.create_model(model)

cooks = Group.objects.create(name="cooks")
waiters = Group.objects.create(name="waiters")
ada = User.objects.create_user("ada", "ada@example.com", "correct horse battery staple")
ada.first_name = "Ada"
ada.is_staff = True
ada.date_joined = datetime.datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.timezone.utc)
ada.save()
ada.groups.set([waiters, cooks])
bob = User.objects.create_user("bob", "", "another password")
bob.date_joined = datetime.datetime(2026, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc)
bob.save()

mains = Category.objects.create(title="Mains")
sweets = Category.objects.create(title="Desserts \u2014 \"sweet\" & <sticky>")
pasta = Menu.objects.create(
    title="Pasta", price=decimal.Decimal("12.50"), inventory=7, category=mains,
    description="Fresh; made\nevery morning",
)
Menu.objects.create(title="Crème brûlée", price=decimal.Decimal("0.05"), category=sweets)
dinner = Booking.objects.create(
    first_name="Ada", last_name="O'Neil", guest_number=4, comment=None,
    booking_date=datetime.date(2026, 12, 24), user=ada,
)
Booking.objects.create(first_name="Zoë", last_name="Ng", booking_date=datetime.date(2027, 1, 1))
BookingItem.objects.create(booking=dinner, menu=pasta, quantity=2)

rows = [
    *Group.objects.order_by("pk"),
    *User.objects.order_by("pk"),
    *Category.objects.order_by("pk"),
    *Menu.objects.order_by("pk"),
    *Booking.objects.order_by("pk"),
    *BookingItem.objects.order_by("pk"),
]
sys.stdout.write(serializers.serialize("json", rows, indent=2))
sys.stdout.write("\n")
