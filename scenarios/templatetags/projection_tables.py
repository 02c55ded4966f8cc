"""{{ projection|component_table }} and kin: see scenarios/tables.py."""

from django import template

from .. import tables

register = template.Library()
register.filter("component_table", tables.component_table)
register.filter("year_table", tables.year_table)
register.filter("affiliate_table", tables.affiliate_table)
