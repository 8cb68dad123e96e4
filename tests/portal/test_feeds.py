"""The Atom and iCalendar feeds hold whatever the database holds, and nothing it did not."""

from meetings.models import Meeting


def test_the_feeds_survive_control_characters_written_straight_to_the_database(client, db):
    # Validation refuses these; a row written before it, or by SQL, may still hold them (not NUL:
    # PostgreSQL refuses it in text).
    Meeting.objects.filter(pk="ahg-17").update(
        title="17th\u000bAd Hoc\u0001 Group\u001b meeting\u007f", summary="One\u0085two\u000cthree"
    )
    atom = client.get("/meetings/feed.atom")
    assert atom.status_code == 200
    body = atom.content.decode()
    assert "<title>17th Ad Hoc Group meeting (2-3 May 2024)</title>" in body
    assert "One two three" in body

    ical = client.get("/meetings/meetings.ics")
    assert ical.status_code == 200
    event = ical.content.decode().split("UID:ahg-17@")[1].split("END:VEVENT")[0]
    assert "\r\nSUMMARY:17th Ad Hoc Group meeting\r\n" in event
    assert "One two three" in event


def test_the_icalendar_feed_escapes_every_line_break(client, db):
    Meeting.objects.filter(pk="ahg-17").update(
        title="line1\rX-INJECTED:1", summary="a\r\nX-INJECTED:2\nb;c,d\\e"
    )
    body = client.get("/meetings/meetings.ics").content.decode()
    lines = body.split("\r\n")
    assert not any(line.startswith("X-INJECTED") for line in lines)
    assert "\r" not in body.replace("\r\n", "") and "\n" not in body.replace("\r\n", "")
    unfolded = body.replace("\r\n ", "")
    assert "\r\nSUMMARY:line1\\nX-INJECTED:1\r\n" in unfolded
    assert "a\\nX-INJECTED:2\\nb\\;c\\,d\\\\e\r\n" in unfolded
    assert all(len(line.encode()) <= 75 for line in lines)
