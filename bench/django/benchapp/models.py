"""Diesel's benchmark schema as Django models, mapped onto the tables the
bench creates for every competitor alike (hence managed = False)."""

from django.db import models


class User(models.Model):
    id = models.AutoField(primary_key=True)
    name = models.TextField()
    hair_color = models.TextField(null=True)

    class Meta:
        db_table = "users"
        managed = False


class Post(models.Model):
    id = models.AutoField(primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="posts")
    title = models.TextField()
    body = models.TextField(null=True)

    class Meta:
        db_table = "posts"
        managed = False


class Comment(models.Model):
    id = models.AutoField(primary_key=True)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField()

    class Meta:
        db_table = "comments"
        managed = False
