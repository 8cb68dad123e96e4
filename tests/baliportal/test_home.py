def test_home_extends_the_base_template_with_navigation(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in ["Members", "Groups", "Meetings", "Documents", "API"]:
        assert f">{label}</a>" in html
    assert '<footer class="site-footer">' in html
    assert "base.html" in [t.name for t in response.templates]


def test_unknown_address_gets_the_portal_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
