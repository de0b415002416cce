"""Names for the few statements written by hand: every table and column name is read
from the models, so a renamed table or field cannot leave a stale name behind."""

from django.db import connection


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)
