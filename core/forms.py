from django import forms

from core.partialdates import parse_partial


class PartialDateField(forms.CharField):
    """YYYY, YYYY-MM or YYYY-MM-DD, cleaned to (first day, last day, precision)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        try:
            return parse_partial(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error
