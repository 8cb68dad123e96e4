"""Admin forms that take dates as people give them: "2015", "2015-05", "2014-08-06"."""

from django import forms
from django.utils.text import capfirst

from core.partialdates import Precision, parse_partial

PARTIAL_HELP = 'As precisely as the sources give it: "2015", "2015-05" or "2014-08-06".'


def partial_input(day, precision) -> str:
    """The text an editor would type for a stored (day, precision)."""
    if day is None:
        return ""
    return {Precision.YEAR: f"{day:%Y}", Precision.MONTH: f"{day:%Y-%m}"}.get(
        precision, day.isoformat()
    )


def partial_date_field(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=10, help_text=PARTIAL_HELP)


class PartialDateAdminForm(forms.ModelForm):
    """Shows each (date, precision) pair of the model as one text field, declared by the subclass.

    `partial_dates` maps a form field to (date field, precision field, side): side "first" stores the
    first day the text may mean (a start), "last" the last day (an end).
    """

    partial_dates: dict[str, tuple[str, str, str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name, (date_field, precision_field, _side) in self.partial_dates.items():
                self.initial[name] = partial_input(
                    getattr(self.instance, date_field), getattr(self.instance, precision_field)
                )

    def _update_errors(self, errors):
        # The model names its date fields; the editor sees them as the text fields that set them.
        if hasattr(errors, "error_dict"):
            shown_as = {}
            for name, (date_field, precision_field, _side) in self.partial_dates.items():
                shown_as[date_field] = shown_as[precision_field] = name
            errors.error_dict = {shown_as.get(k, k): v for k, v in errors.error_dict.items()}
        super()._update_errors(errors)

    def clean(self):
        cleaned = super().clean()
        for name, (date_field, precision_field, side) in self.partial_dates.items():
            text = (cleaned.get(name) or "").strip()
            if not text:
                setattr(self.instance, date_field, None)
                setattr(self.instance, precision_field, "")
                continue
            try:
                first, last, precision = parse_partial(text)
            except ValueError as error:
                self.add_error(name, str(error))
                continue
            setattr(self.instance, date_field, first if side == "first" else last)
            setattr(self.instance, precision_field, precision)
        return cleaned


def partial_date_form(model, dates) -> type[PartialDateAdminForm]:
    """The admin form of `model` with one text field `<date>_text` per (date, precision, side) of
    `dates`, the list its partial-date constraints are built from."""
    attrs, partial_dates, excluded = {}, {}, []
    for date_field, precision_field, side in dates:
        name = f"{date_field}_text"
        attrs[name] = partial_date_field(capfirst(model._meta.get_field(date_field).verbose_name))
        partial_dates[name] = (date_field, precision_field, side)
        excluded += [date_field, precision_field]
    attrs["partial_dates"] = partial_dates
    attrs["Meta"] = type("Meta", (), {"model": model, "exclude": excluded})
    return type(f"{model.__name__}Form", (PartialDateAdminForm,), attrs)
