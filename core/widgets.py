"""Select widgets for filter forms that stay light however many options the database holds."""

from html import escape

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# Past this many options a drop-down is neither usable nor light to send; a text box takes the slug.
SELECT_LIMIT = 200


class FastSelect(forms.Select):
    """A <select> that renders its options in one pass.

    Django renders each option through its own template; with dozens of bodies or countries that
    dominates a page's render time. Same markup, without the per-option templates. Above
    SELECT_LIMIT options it becomes a text box for the slug, so a page's size does not grow with
    the data.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is not None:
            key = choices_key(choices)
            rows = self.first_rows(choices, queryset)
            if len(rows) > SELECT_LIMIT:
                example = getattr(rows[0], key)
                attrs.update(type="text", value=selected, placeholder=f"a slug, e.g. {example}")
                return format_html("<input{}>", forms.utils.flatatt(attrs))
            field = choices.field
            empty = [("", field.empty_label)] if field.empty_label is not None else []
            choices = empty + [(getattr(row, key), field.label_from_instance(row)) for row in rows]
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) == selected else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in choices
        )
        return format_html("<select{}>{}</select>", forms.utils.flatatt(attrs), mark_safe(options))

    @staticmethod
    def first_rows(iterator, queryset) -> list:
        """The first SELECT_LIMIT + 1 records, in one query: more than SELECT_LIMIT means a text box."""
        key = choices_key(iterator)
        # A label is the record's name (its __str__); the other columns, long texts among them,
        # stay in the database.
        names = ["name"] if any(f.name == "name" for f in queryset.model._meta.fields) else []
        return list(queryset.only(key, *names)[: SELECT_LIMIT + 1])


def choices_key(iterator) -> str:
    return iterator.field.to_field_name or "pk"
