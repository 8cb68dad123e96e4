"""Read an admin form's current values from its HTML, to post it back with a few changes."""

from html.parser import HTMLParser


class FormValues(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.values[name] = attrs.get("value", "on")
            elif kind not in {"submit", "button", "file"}:
                self.values[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self.select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += (
                data.removeprefix("\n") if not self.values[self.textarea] else data
            )


def admin_form(client, url, form_id):
    response = client.get(url)
    assert response.status_code == 200
    parser = FormValues(form_id)
    parser.feed(response.content.decode())
    return parser.values
