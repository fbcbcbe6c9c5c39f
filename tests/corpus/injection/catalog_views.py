"""Catalog queries in a Django app."""
from django.db import models
from django.db.models.expressions import RawSQL


class Product(models.Model):
    name = models.CharField(max_length=100)
    status = models.CharField(max_length=20)


def products_named(name):
    return Product.objects.raw("SELECT * FROM shop_product WHERE name = '%s'" % name)  # expect: CWE-89


def products_named_safe(name):
    return Product.objects.raw("SELECT * FROM shop_product WHERE name = %s", [name])  # safe: CWE-89


def with_status(status):
    return Product.objects.extra(where=["status = '%s'" % status])  # expect: CWE-89


def with_status_safe(status):
    return Product.objects.extra(where=["status = %s"], params=[status])  # safe: CWE-89


def annotated(column):
    return Product.objects.annotate(val=RawSQL("SELECT " + column + " FROM shop_stats", ()))  # expect: CWE-89


def annotated_safe(product_id):
    return Product.objects.annotate(  # safe: CWE-89
        val=RawSQL("SELECT score FROM shop_stats WHERE product_id = %s", (product_id,))
    )
