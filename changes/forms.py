"""The change list's filters (pages, feeds and the API share them) and the readers' report forms."""

import datetime as dt
import re

from django import forms
from django.core.validators import URLValidator

from changes.history import Filters, kinds
from changes.models import EVIDENCE_MAX, MESSAGE_MAX, Report
from core.links import validate_lower_slug

# Text that looks like an address ("https://…", "www.…", "javascript:…") must be a web address;
# anything else is a quotation.
LOOKS_LIKE_A_URL = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|www\.)\S*\s*$", re.I)


class ChangeFilterForm(forms.Form):
    kind = forms.ChoiceField(required=False, label="Kind of record")
    record = forms.CharField(
        required=False,
        max_length=120,
        label="Record (its slug)",
        validators=[validate_lower_slug],
    )
    since = forms.DateTimeField(
        required=False,
        label="Since",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "invalid": "Enter a date or a time as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, e.g. 2025-01-31."
        },
    )
    until = forms.DateField(
        required=False,
        label="Until",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD, e.g. 2025-01-31."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "any")] + sorted(
            (name, str(model._meta.verbose_name)) for name, model in kinds().items()
        )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since.date():
            raise forms.ValidationError("“Until” is before “since”; swap them.")
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        since = data.get("since")
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
        return Filters(
            kind=kinds().get(data.get("kind") or ""),
            record=data.get("record") or None,
            since=since,
            until=data.get("until"),
        )


class HoneypotMixin(forms.Form):
    # Hidden by the stylesheet and skipped by keyboards; people leave it empty, form-filling robots
    # do not. A filled one is refused with a sentence, like any other bad input.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                "This was not sent: the field “Leave this field empty” must stay empty."
            )
        return ""


class ErrorReportForm(HoneypotMixin, forms.ModelForm):
    message = forms.CharField(
        label="What is wrong",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=True,
    )
    correction = forms.CharField(
        label="What it should say",
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.CharField(
        label="A source for it: a web address, or a quotation with where it comes from",
        required=False,
        max_length=EVIDENCE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    email = forms.EmailField(
        label="Your e-mail address, if you would like to hear the outcome (optional)",
        required=False,
        max_length=254,
    )

    class Meta:
        model = Report
        fields = ["message", "correction", "evidence", "email"]

    def clean_evidence(self):
        evidence = self.cleaned_data["evidence"].strip()
        if LOOKS_LIKE_A_URL.match(evidence):
            try:
                URLValidator(schemes=["http", "https"])(evidence)
            except forms.ValidationError:
                raise forms.ValidationError(
                    "This looks like a web address but is not one: give an http:// or https:// "
                    "address, or a quotation."
                ) from None
        return evidence


class SourceSuggestionForm(ErrorReportForm):
    message = forms.CharField(
        label="The document: its title, author and date",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.URLField(
        label="Where to find it (a web address)",
        max_length=EVIDENCE_MAX,
        assume_scheme="https",
        error_messages={
            "invalid": "Give the document's web address, e.g. https://www.baliprocess.net/…"
        },
    )
    correction = forms.CharField(
        label="What it would add to the portal",
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_evidence(self):
        evidence = self.cleaned_data["evidence"]
        if not evidence.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Give an http:// or https:// address.")
        return evidence
