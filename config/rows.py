"""One model instance by key, without building a QuerySet.

Every request loads its session and its user, and every scenario page its
scenario. Through the ORM each of those lookups spends about 150-200 µs
building and compiling a QuerySet, ten times what the database takes to
answer (bench/README.md, "Where a request's time goes"). RowLoader writes its
SELECT once per database in each process and runs it with the new key, converting
values exactly as the ORM does (the database backend's converters and the
fields' own), so what it returns is an ordinary model instance.

Only for lookups on hot paths; everything else uses the ORM.
"""

from django.core.exceptions import ValidationError
from django.db import connections


class RowLoader:
    """RowLoader(Session, "session_key").get(key): the one row whose
    key_field equals key, as a model instance, or None."""

    def __init__(self, model, key_field="pk"):
        if model._meta.parents:
            raise ValueError(f"RowLoader reads one table; {model.__name__} inherits columns from another.")
        self.model = model
        self.key_field = model._meta.pk if key_field == "pk" else model._meta.get_field(key_field)
        self.attnames = [field.attname for field in model._meta.concrete_fields]
        self._statements = {}  # database alias -> (sql, converters)

    def _statement(self, alias):
        statement = self._statements.get(alias)
        if statement is None:
            connection = connections[alias]
            quote = connection.ops.quote_name
            fields = self.model._meta.concrete_fields
            columns = ", ".join(quote(field.column) for field in fields)
            sql = (
                f"SELECT {columns} FROM {quote(self.model._meta.db_table)} "
                f"WHERE {quote(self.key_field.column)} = %s"
            )
            converters = []
            for index, field in enumerate(fields):
                column = field.get_col(self.model._meta.db_table)
                found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
                if found:
                    converters.append((index, column, found))
            statement = self._statements[alias] = (sql, converters)
        return statement

    def get(self, key, using="default"):
        connection = connections[using]
        sql, converters = self._statement(using)
        try:
            key = self.key_field.to_python(key)
            self.key_field.run_validators(key)  # includes the database's integer range
            value = self.key_field.get_db_prep_value(key, connection)
        except (TypeError, ValueError, ValidationError):
            return None  # a key that cannot be one (a forged session id, a bad pk) matches nothing
        with connection.cursor() as cursor:
            cursor.execute(sql, [value])
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for index, column, found in converters:
            for converter in found:
                values[index] = converter(values[index], column, connection)
        return self.model.from_db(using, self.attnames, values)
