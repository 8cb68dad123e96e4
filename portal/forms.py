from django import forms


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        required=False,
        label="Members as of",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD, e.g. 2015-06-01."},
    )
