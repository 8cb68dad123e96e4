"""The meeting admin's date field: one text box for a partial date or a span of days."""

from django import forms

from core.admin_forms import partial_input
from core.partialdates import Precision, format_partial, parse_partial


class MeetingAdminForm(forms.ModelForm):
    """A meeting's date as one text field, a single partial date or a span of days."""

    when = forms.CharField(
        label="Date",
        max_length=21,
        help_text='As precisely as the sources give it: "2015", "2015-05", "2014-08-06", or a span of '
        'days "2024-05-02/2024-05-03".',
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance
        if meeting.pk:
            if meeting.date_precision == Precision.DAY and meeting.ends_on != meeting.starts_on:
                self.initial["when"] = (
                    f"{meeting.starts_on.isoformat()}/{meeting.ends_on.isoformat()}"
                )
            else:
                self.initial["when"] = partial_input(meeting.starts_on, meeting.date_precision)

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            dates = {"starts_on", "ends_on", "date_precision"}
            errors.error_dict = {
                ("when" if k in dates else k): v for k, v in errors.error_dict.items()
            }
        super()._update_errors(errors)

    def clean_when(self):
        text = self.cleaned_data["when"].strip()
        try:
            if "/" in text:
                start, end = (part.strip() for part in text.split("/", 1))
                first, _, start_precision = parse_partial(start)
                _, last, end_precision = parse_partial(end)
                if start_precision != Precision.DAY or end_precision != Precision.DAY:
                    raise ValueError("A span gives two full dates, e.g. 2024-05-02/2024-05-03.")
                if last < first:
                    raise ValueError("The meeting cannot end before it starts.")
                precision = Precision.DAY
            else:
                first, last, precision = parse_partial(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        self.instance.starts_on, self.instance.ends_on, self.instance.date_precision = (
            first,
            last,
            precision,
        )
        return format_partial(first, last, precision)
