from django.db import models


class Account(models.Model):
    email = models.EmailField()
    display_name = models.CharField(max_length=80)
    is_staff = models.BooleanField(default=False)
