"""Pages of the CMS."""
from django.db import models


class Page(models.Model):
    slug = models.SlugField()
    title = models.CharField(max_length=200)
    body = models.TextField()
