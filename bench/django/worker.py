"""The bench's Python side: Django's ORM and the standard library's sqlite3
on the workloads the Rust side runs, one JSON request and answer per line.

    worker.py crud django|sqlite3      workloads 1-6 (load, join, insert, ...)
    worker.py wide APP                 workload 7: makemigrations --dry-run
                                       and migrate of a generated app
    worker.py server ENGINE URL        the server workloads on PostgreSQL or
                                       MySQL (`bench servers`)

Each timed request answers {"seconds": ..., "produced": ...}, measured here
around the loop, so the pipe and the interpreter's start are left out.
"""

import io
import json
import os
import sqlite3
import sys
import time

import django
from django.conf import settings

PRAGMAS = ""


def configure(apps, name):
    settings.configure(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": name}},
        INSTALLED_APPS=apps,
        USE_TZ=False,
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    )
    django.setup()
    from django.db.backends.signals import connection_created

    def set_pragmas(sender, connection, **kwargs):
        if PRAGMAS:
            connection.connection.executescript(PRAGMAS)

    connection_created.connect(set_pragmas)


def use_database(name):
    """Points Django's default connection at another database."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
    return connection


class DjangoCrud:
    def __init__(self, request):
        from benchapp.models import Comment, Post, User

        self.User, self.Post, self.Comment = User, Post, Comment
        self.request = request
        self.connection = use_database(request["db"])
        self.connection.connection.executescript(request["setup_sql"])
        self.passes = 0
        self.rows = []
        self.reset()

    def reset(self):
        if self.request["reset_sql"]:
            self.connection.connection.executescript(self.request["reset_sql"])
        if self.request["workload"] in ("update", "delete"):
            self.rows = list(self.User.objects.order_by("id"))

    def once(self):
        User, Post = self.User, self.Post
        workload = self.request["workload"]
        if workload == "load":
            return len(list(User.objects.all()))
        if workload == "join":
            return len(list(Post.objects.select_related("user").filter(user__hair_color="black")))
        if workload in ("insert", "bulk"):
            made = User.objects.bulk_create(User(name=n, hair_color="hair_color") for n in self.request["names"])
            return len(made)
        if workload == "get":
            found = 0
            for key in self.request["keys"]:
                found += User.objects.get(pk=key).id
            return found
        if workload == "prefetch":
            users = list(User.objects.prefetch_related("posts__comments"))
            nested = [(u, [(p, list(p.comments.all())) for p in u.posts.all()]) for u in users]
            return len(nested)
        if workload == "update":
            self.passes += 1
            hair = "black" if self.passes % 2 == 0 else "brown"
            for row in self.rows:
                row.hair_color = hair
                row.save()
            return len(self.rows)
        if workload == "delete":
            for row in self.rows:
                row.delete()
            return len(self.rows)
        raise ValueError(f"unknown workload {workload}")


class SqliteCrud:
    def __init__(self, request):
        self.request = request
        # Autocommit, as the Rust connections: each statement commits unless
        # a workload opens a transaction.
        self.db = sqlite3.connect(request["db"], isolation_level=None)
        self.db.executescript(request["pragmas"])
        self.db.executescript(request["setup_sql"])
        self.passes = 0
        self.rows = []
        names = request["names"]
        self.insert_sql = "INSERT INTO users (name, hair_color) VALUES " + ", ".join(["(?, ?)"] * len(names))
        self.insert_params = [v for n in names for v in (n, "hair_color")]
        self.reset()

    def reset(self):
        if self.request["reset_sql"]:
            self.db.executescript(self.request["reset_sql"])
        if self.request["workload"] in ("update", "delete"):
            self.rows = [list(r) for r in self.db.execute("SELECT id, name, hair_color FROM users ORDER BY id")]

    def once(self):
        db = self.db
        workload = self.request["workload"]
        if workload == "load":
            return len(db.execute("SELECT id, name, hair_color FROM users").fetchall())
        if workload == "join":
            return len(
                db.execute(
                    "SELECT u.id, u.name, u.hair_color, p.id, p.user_id, p.title, p.body "
                    "FROM users u LEFT JOIN posts p ON p.user_id = u.id WHERE u.hair_color = ?",
                    ("black",),
                ).fetchall()
            )
        if workload == "insert":
            return db.execute(self.insert_sql, self.insert_params).rowcount
        if workload == "bulk":
            db.execute("BEGIN")
            db.executemany(
                "INSERT INTO users (name, hair_color) VALUES (?, ?)",
                ((n, "hair_color") for n in self.request["names"]),
            )
            db.execute("COMMIT")
            return len(self.request["names"])
        if workload == "get":
            found = 0
            for key in self.request["keys"]:
                found += db.execute("SELECT id, name, hair_color FROM users WHERE id = ?", (key,)).fetchone()[0]
            return found
        if workload == "prefetch":
            users = db.execute("SELECT id, name, hair_color FROM users").fetchall()
            ids = [u[0] for u in users]
            posts = db.execute(
                f"SELECT id, user_id, title, body FROM posts WHERE user_id IN ({', '.join('?' * len(ids))})", ids
            ).fetchall()
            post_ids = [p[0] for p in posts]
            comments = db.execute(
                f"SELECT id, post_id, text FROM comments WHERE post_id IN ({', '.join('?' * len(post_ids))})",
                post_ids,
            ).fetchall()
            comments_of, posts_of = {}, {}
            for c in comments:
                comments_of.setdefault(c[1], []).append(c)
            for p in posts:
                posts_of.setdefault(p[1], []).append((p, comments_of.get(p[0], [])))
            return len([(u, posts_of.get(u[0], [])) for u in users])
        if workload == "update":
            self.passes += 1
            hair = "black" if self.passes % 2 == 0 else "brown"
            for row in self.rows:
                row[2] = hair
                db.execute("UPDATE users SET name = ?, hair_color = ? WHERE id = ?", (row[1], row[2], row[0]))
            return len(self.rows)
        if workload == "delete":
            for row in self.rows:
                db.execute("DELETE FROM users WHERE id = ?", (row[0],))
            return len(self.rows)
        raise ValueError(f"unknown workload {workload}")


class Wide:
    """makemigrations --dry-run and migrate of a generated app."""

    def __init__(self, app):
        self.app = app

    def makemigrations(self):
        from django.core.management import call_command

        out = io.StringIO()
        start = time.perf_counter()
        call_command("makemigrations", self.app, dry_run=True, interactive=False, stdout=out)
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "produced": out.getvalue().count("Create model")}

    def migrate(self, db):
        from django.core.management import call_command
        from django.db import connection

        connection.close()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        connection.settings_dict["NAME"] = db
        start = time.perf_counter()
        call_command("migrate", self.app, interactive=False, verbosity=0)
        seconds = time.perf_counter() - start
        applied = connection.cursor().execute("SELECT count(*) FROM django_migrations").fetchone()[0]
        connection.close()
        return {"seconds": seconds, "produced": applied}


def configure_server(engine, url):
    """Django on a server database, from scheme://user[:password]@host:port/name."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    settings.configure(
        DATABASES={
            "default": {
                "ENGINE": engine,
                "NAME": parts.path.lstrip("/"),
                "USER": unquote(parts.username or ""),
                "PASSWORD": unquote(parts.password or ""),
                "HOST": parts.hostname,
                "PORT": str(parts.port or ""),
            }
        },
        INSTALLED_APPS=["benchapp"],
        USE_TZ=False,
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    )
    django.setup()


class ServerCrud:
    """One case of `bench servers`; the bench fills and empties the tables
    itself, on its own connection, before each batch."""

    def __init__(self, request):
        from benchapp.models import Post, User
        from django.db import transaction

        self.User, self.Post, self.transaction = User, Post, transaction
        self.workload = request["workload"]
        self.size = request["size"]
        self.names = request["names"]
        self.keys = request["keys"]
        self.passes = 0
        self.rows = []

    def reset(self):
        # A deleted instance has lost its key: read the rows put back.
        if self.workload in ("update", "delete"):
            self.rows = list(self.User.objects.order_by("id"))

    def once(self):
        User, Post, workload = self.User, self.Post, self.workload
        if workload == "bulk":
            return len(User.objects.bulk_create(User(name=n, hair_color="black") for n in self.names))
        if workload == "load":
            return len(list(User.objects.all()))
        if workload == "join":
            return sum(1 for post in Post.objects.select_related("user") if post.user.id == post.user_id)
        if workload == "get":
            found = 0
            for key in self.keys:
                found += User.objects.get(pk=key).id
            return found
        if workload == "insert":
            return User.objects.create(name="User", hair_color="black").id
        if workload == "update":
            self.passes += 1
            hair = "black" if self.passes % 2 == 0 else "brown"
            with self.transaction.atomic():
                for row in self.rows:
                    row.hair_color = hair
                    row.save()
            return len(self.rows)
        if workload == "delete":
            deleted = 0
            with self.transaction.atomic():
                for row in self.rows:
                    deleted += row.delete()[1].get("benchapp.User", 0)
            return deleted
        if workload == "queryset":
            return sum(user.id for user in User.objects.filter(hair_color="black").order_by("-id")[: self.size])
        raise ValueError(f"unknown workload {workload}")


def timed(session, iterations):
    produced = 0
    start = time.perf_counter()
    for _ in range(iterations):
        produced = session.once()
    return {"seconds": time.perf_counter() - start, "produced": produced}


def serve(handle):
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = handle(request)
        except Exception as error:  # reported to the Rust side, which stops
            answer = {"error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def serve_session(prepare):
    """Serves one timed session: `prepare` makes it from the first request,
    then `reset` and `run` requests drive it."""
    state = {}

    def handle(request):
        cmd = request["cmd"]
        if cmd == "prepare":
            state["session"] = prepare(request)
            return {"ok": True}
        if cmd == "reset":
            state["session"].reset()
            return {"ok": True}
        if cmd == "run":
            return timed(state["session"], request["iterations"])
        raise ValueError(f"unknown request {cmd}")

    serve(handle)


def main():
    global PRAGMAS
    mode = sys.argv[1]
    if mode == "crud":
        orm = sys.argv[2]
        if orm == "django":
            configure(["benchapp"], ":memory:")

        def prepare(request):
            global PRAGMAS
            PRAGMAS = request["pragmas"]
            return DjangoCrud(request) if orm == "django" else SqliteCrud(request)

        serve_session(prepare)
    elif mode == "wide":
        app = sys.argv[2]
        PRAGMAS = sys.argv[3] if len(sys.argv) > 3 else ""
        configure([app], ":memory:")
        wide = Wide(app)

        def handle(request):
            cmd = request["cmd"]
            if cmd == "makemigrations":
                return wide.makemigrations()
            if cmd == "migrate":
                return wide.migrate(request["db"])
            raise ValueError(f"unknown request {cmd}")

        serve(handle)
    elif mode == "server":
        configure_server(sys.argv[2], sys.argv[3])
        serve_session(ServerCrud)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
