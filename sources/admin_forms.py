"""The admin's forms for sources: add one from a file or pasted text, change one and correct its text."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from core.admin_forms import PartialDateAdminForm, partial_date_field
from sources.adding import check_new_source, checked_text, read_upload
from sources.extraction import ACCEPTED, ExtractionError, check_size
from sources.models import Source

DETAILS = ["title", "short_title", "kind", "author", "original_url", "speaks_for_note", "summary"]


class SourceDetailsForm(PartialDateAdminForm):
    partial_dates = {"speaks_for_text": ("speaks_for", "speaks_for_precision", "first")}
    speaks_for_text = partial_date_field("Speaks for")
    original_url = forms.URLField(
        label="Original URL",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Where the document is published, if anywhere.",
    )

    class Meta:
        model = Source
        fields = DETAILS


class SourceAddForm(SourceDetailsForm):
    """A new source's details and its file or pasted text; valid only if it can be published."""

    slug = forms.SlugField(
        required=False,
        max_length=120,
        help_text="Its address, /sources/<slug>/; made from the title when left empty.",
    )
    file = forms.FileField(
        required=False,
        help_text="Plain text (.txt), Markdown (.md), HTML (.html) or PDF (.pdf), up to "
        f"{settings.SOURCE_UPLOAD_MAX_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(ACCEPTED))}),
    )
    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Or paste the text, if there is no file.",
    )
    upload = None

    class Meta(SourceDetailsForm.Meta):
        fields = ["title", "short_title", "slug", "kind", "author", "original_url"]
        fields += ["speaks_for_note", "summary"]

    def clean_slug(self):
        return self.cleaned_data["slug"] or slugify(self.data.get("title", ""))[:120].strip("-")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        try:
            if upload is not None:
                # Refused before reading a byte of it.
                check_size(upload.size)
            self.upload = read_upload(
                name=upload.name if upload is not None else "",
                content=upload.read() if upload is not None else None,
                pasted=cleaned.get("text") or "",
            )
        except ExtractionError as error:
            self.add_error("file", str(error))
        except ValidationError as error:
            self._update_errors(error)
        return cleaned

    def validate_constraints(self):
        pass  # checked in _post_clean, with sentences naming the source already held

    def _post_clean(self):
        super()._post_clean()
        if self.upload is not None and not self.errors:
            try:
                check_new_source(self.instance, self.upload)
            except ValidationError as error:
                self._update_errors(error)


class SourceChangeForm(SourceDetailsForm):
    """A source's details, and its text: a changed text is saved as a new version."""

    text = forms.CharField(
        label="Text",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="Correct a bad extraction here. The old text stays in the source's versions; "
        "citations whose passage is no longer in the text are flagged and listed, not deleted.",
    )
    correction_note = forms.CharField(
        required=False,
        max_length=300,
        help_text="Why the text changed, e.g. “page 3 was extracted twice”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "text" in self.fields:
            self.initial["text"] = self.instance.text()

    def clean_text(self):
        text = self.cleaned_data["text"]
        if self.text_changed(text):
            try:
                return checked_text(self.instance, text)
            except ValidationError as error:
                raise ValidationError(error.message_dict["text"]) from error
        return text

    def text_changed(self, text: str) -> bool:
        # A browser sends a text area's lines ended by CR LF.
        return text.replace("\r\n", "\n") != self.instance.text()
