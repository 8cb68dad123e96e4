"""A <select> that renders its options in one pass.

Django renders each option through its own template; with hundreds of bodies or countries that
dominates a page's render time. Same markup, without the per-option templates.
"""

from django import forms
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(key), " selected" if str(key) == selected else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", forms.utils.flatatt(attrs), options)
