"""Select widgets for filter forms that stay light however many options the database holds."""

from django import forms
from django.utils.html import format_html, format_html_join

# Past this many options a drop-down is neither usable nor light to send; a text box takes the slug.
SELECT_LIMIT = 200


class FastSelect(forms.Select):
    """A <select> that renders its options in one pass.

    Django renders each option through its own template; with hundreds of bodies or countries that
    dominates a page's render time. Same markup, without the per-option templates. Above
    SELECT_LIMIT options it becomes a text box for the slug, so a page's size does not grow with
    the data.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        queryset = getattr(self.choices, "queryset", None)
        if queryset is not None and queryset[SELECT_LIMIT : SELECT_LIMIT + 1].exists():
            example = queryset.values_list(self.choices.field.to_field_name or "pk", flat=True)[0]
            attrs.update(type="text", value=selected, placeholder=f"a slug, e.g. {example}")
            return format_html("<input{}>", forms.utils.flatatt(attrs))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(key), " selected" if str(key) == selected else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", forms.utils.flatatt(attrs), options)
