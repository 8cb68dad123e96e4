from django.core.management import call_command


def test_collectstatic_writes_hashed_and_compressed_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    css = sorted(p.name for p in (tmp_path / "css").iterdir() if p.name.startswith("site."))
    hashed = [name for name in css if name.count(".") == 2 and name.endswith(".css")]
    assert len(hashed) == 1
    assert f"{hashed[0]}.gz" in css
    assert f"{hashed[0]}.br" in css
