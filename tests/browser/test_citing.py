"""An editor cites a passage while reading its source, in a real browser, by mouse and keyboard."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

from knowledge.editors import make_editor

pytestmark = pytest.mark.browser

PASSWORD = "a-long-editor-password"
PASSAGE = "Joint Periods of Action continue as a regular activity for the participating countries."

SELECT = """(passage) => {
  const text = document.querySelector(".source-text");
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(passage);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + passage.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


def test_an_editor_selects_a_passage_cites_it_for_a_meeting_and_the_marker_leads_back(site, page):
    make_editor(get_user_model().objects.create_user("edith", password=PASSWORD))
    page.goto(site + "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("edith")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(site + "/sources/encyclopedia-article/")
    button = page.get_by_role("button", name="Cite for…")
    assert not button.is_visible()
    assert page.evaluate(SELECT, PASSAGE)
    button.wait_for(state="visible")

    # By keyboard: the button takes the focus, Enter opens the dialog, Escape closes it.
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Cite this passage")
    assert dialog.is_visible()
    assert dialog.locator(".cite-passage").inner_text() == PASSAGE
    violations = Axe().run(page, context=".cite-dialog")
    assert [v["id"] for v in violations.response["violations"]] == []
    page.keyboard.press("Escape")
    assert not dialog.is_visible()

    button.click()
    page.get_by_label("For an existing record").fill("ahg som 9")
    choose = dialog.get_by_role(
        "button", name="Cite for Ninth Ad Hoc Group Senior Officials' Meeting"
    )
    choose.click()
    assert dialog.locator(".cite-status").get_by_role("link").inner_text() == (
        "Ninth Ad Hoc Group Senior Officials' Meeting"
    )

    page.goto(site + "/meetings/ahg-som-9/")
    markers = page.locator("dl.facts a.cite")
    assert markers.count() == 2
    markers.last.click()
    page.wait_for_url("**/sources/encyclopedia-article/#p-*")
    current = page.locator("mark.current")
    assert current.count() >= 1
    assert PASSAGE in " ".join(current.all_inner_texts())
