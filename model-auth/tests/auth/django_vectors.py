"""Django's own password hashes, for the constants of password.rs.

Run with Django and argon2-cffi from PyPI:

    python3 -m venv /tmp/djvenv
    /tmp/djvenv/bin/pip install 'Django>=5.1' argon2-cffi
    /tmp/djvenv/bin/python model-auth/tests/auth/django_vectors.py

Every salt is fixed, so the output is the same on every run. It also
prints Django's messages for the passwords the validator tests check. With
`check PASSWORD HASH` instead, it says whether Django accepts a hash made
by model_auth::password::make_password:

    /tmp/djvenv/bin/python model-auth/tests/auth/django_vectors.py check 'pw' 'argon2$argon2id$...'
"""

import sys

import argon2
import django
from django.conf import settings

settings.configure(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ],
    # Django's project template's validators, in its order.
    AUTH_PASSWORD_VALIDATORS=[
        {"NAME": "django.contrib.auth.password_validation." + name}
        for name in [
            "UserAttributeSimilarityValidator",
            "MinimumLengthValidator",
            "CommonPasswordValidator",
            "NumericPasswordValidator",
        ]
    ],
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"],
)
django.setup()

from django.contrib.auth.hashers import (  # noqa: E402
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    check_password,
)
from django.contrib.auth.models import User  # noqa: E402
from django.contrib.auth.password_validation import validate_password  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402

# (password, username, email, first_name, last_name), as password.rs tests them.
VALIDATOR_CASES = [
    ("Zx9!kq", "ada", "ada@example.com", "Ada", "Lovelace"),
    ("ada.lovelace1", "ada.lovelace", "", "", ""),
    ("hopper.grace", "gh", "grace.hopper@navy.mil", "", ""),
    ("Augusta Ada", "countess", "", "Augusta Ada", ""),
    ("byron-king", "countess", "", "", "Byron-King"),
    ("iloveyou", "ada", "ada@example.com", "", ""),
    ("  PassWord1\t", "ada", "", "", ""),
    ("739204816395", "ada", "", "", ""),
    ("123456", "123456", "", "", ""),
    ("éèêëēėę", "ada", "", "", ""),
    ("ñandú ñoño", "ada", "", "", ""),
    ("١٢٣٤٥٦٧٨٩٠", "ada", "", "", ""),
    ("²³¹⁰⁴⁵⁶⁷⁸⁹", "ada", "", "", ""),
    ("½⅓¼⅕⅙⅛⅔¾", "ada", "", "", ""),
    ("ada.lovelace", "", "", "", ""),
]


class FastPBKDF2(PBKDF2PasswordHasher):
    """Django's pbkdf2_sha256 with few iterations, so a test is quick."""

    iterations = 1000


class WeakArgon2(Argon2PasswordHasher):
    """Django's argon2 with less than OWASP's parameters."""

    time_cost = 1
    memory_cost = 8192
    parallelism = 1


def main():
    if sys.argv[1:2] == ["check"]:
        password, encoded = sys.argv[2], sys.argv[3]
        print("django", django.get_version(), "check_password:", check_password(password, encoded))
        return
    print("# Django", django.get_version())
    vectors = [
        ("PBKDF2_FAST", "correct horse battery staple", "pepper0123456789", FastPBKDF2()),
        ("PBKDF2_UNICODE", "pässwörd ünïcödé ☃", "salt4unicode0000", FastPBKDF2()),
        ("PBKDF2_DEFAULT", "correct horse battery staple", "djangodefault000", PBKDF2PasswordHasher()),
        ("ARGON2_DEFAULT", "correct horse battery staple", "argon2djangosalt", Argon2PasswordHasher()),
        ("ARGON2_WEAK", "correct horse battery staple", "argon2weaksalt00", WeakArgon2()),
    ]
    for name, password, salt, hasher in vectors:
        print(f"{name}: {password!r} -> {hasher.encode(password, salt)}")
    # Argon2 version 16 (0x10), which Django's hasher never makes but reads.
    v16 = argon2.low_level.hash_secret(
        b"correct horse battery staple",
        b"argon2v16salt000",
        time_cost=2,
        memory_cost=19456,
        parallelism=1,
        hash_len=32,
        type=argon2.low_level.Type.ID,
        version=16,
    ).decode("ascii")
    v16 = "argon2" + v16
    print(f"ARGON2_V16: {check_password('correct horse battery staple', v16)} -> {v16}")
    for password, username, email, first_name, last_name in VALIDATOR_CASES:
        user = User(username=username, email=email, first_name=first_name, last_name=last_name)
        try:
            validate_password(password, user)
            messages = []
        except ValidationError as error:
            messages = error.messages
        print(f"{password!r} {username!r}: {messages}")


main()
