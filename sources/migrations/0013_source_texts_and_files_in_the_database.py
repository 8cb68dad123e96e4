"""Sources' texts and original files move into the database (issue 21): a source is one row with
its text versions and its file, whether shipped with the project or added by an editor.

Existing rows get their text from the file in fixtures/sources/ they name, read from the directory's
own listing (never a path built from the row), before the one-text-per-source rule is added.
"""

import hashlib
from pathlib import Path

import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


SHIPPED_SUFFIXES = {".txt": ("txt", "text/plain"), ".md": ("md", "text/markdown")}


def texts_into_the_database(apps, schema_editor):
    from core.text import normalise

    Source = apps.get_model("sources", "Source")
    SourceText = apps.get_model("sources", "SourceText")
    SourceFile = apps.get_model("sources", "SourceFile")
    directory = Path(settings.SOURCES_DIR)
    shipped = {
        path.name: path
        for path in (directory.iterdir() if directory.is_dir() else [])
        if path.suffix in SHIPPED_SUFFIXES and path.is_file() and not path.is_symlink()
    }
    for source in Source.objects.all():
        path = shipped.get(source.filename)
        if path is None:
            # No text to move; a digest of its own keeps the one-text-per-source rule satisfiable.
            source.text_sha256 = hashlib.sha256(f"no text: {source.slug}".encode()).hexdigest()
            source.save(update_fields=["text_sha256"])
            continue
        content = path.read_bytes()
        text = content.decode("utf-8")
        SourceText.objects.create(
            source=source, number=1, text=text, note="Shipped with the project in fixtures/sources/."
        )
        fmt, media_type = SHIPPED_SUFFIXES[path.suffix]
        SourceFile.objects.create(
            source=source,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            format=fmt,
            media_type=media_type,
            size=len(content),
            name=path.name,
        )
        source.text_sha256 = hashlib.sha256(normalise(text).encode()).hexdigest()
        source.save(update_fields=["text_sha256"])
    if schema_editor.connection.vendor == "postgresql":
        # Check the new rows' foreign keys now: PostgreSQL alters no table (the constraints below)
        # while checks are pending in the transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0012_sentence_mark'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SourceDraft',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fields', models.JSONField(help_text="The source's details as the editor entered them.")),
                ('text', models.TextField()),
                ('content', models.BinaryField()),
                ('name', models.CharField(blank=True, max_length=200)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'ordering': ['-created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='SourceFile',
            fields=[
                ('source', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='file', serialize=False, to='sources.source')),
                ('content', models.BinaryField()),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('format', models.CharField(choices=[('txt', 'plain text'), ('md', 'Markdown'), ('html', 'HTML'), ('pdf', 'PDF')], max_length=4)),
                ('media_type', models.CharField(max_length=100)),
                ('size', models.PositiveBigIntegerField(help_text='In bytes.')),
                ('name', models.CharField(blank=True, help_text="The uploaded file's name, for editors only.", max_length=200)),
            ],
            options={
                'ordering': ['source_id'],
            },
        ),
        migrations.CreateModel(
            name='SourceText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(validators=[django.core.validators.MaxValueValidator(2147483647)])),
                ('text', models.TextField()),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('note', models.CharField(blank=True, help_text='Why this version was made.', max_length=300)),
            ],
            options={
                'ordering': ['source_id', 'number'],
            },
        ),
        migrations.AddField(
            model_name='citation',
            name='missing_since',
            field=models.DateTimeField(blank=True, editable=False, help_text="Set when a correction of the source's text removed the passage; cleared when an editor quotes it again from the corrected text.", null=True),
        ),
        migrations.AddField(
            model_name='historicalcitation',
            name='missing_since',
            field=models.DateTimeField(blank=True, editable=False, help_text="Set when a correction of the source's text removed the passage; cleared when an editor quotes it again from the corrected text.", null=True),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='edited_by_hand',
            field=models.BooleanField(default=False, help_text='Set when an editor changes this source; reloading the knowledge base keeps it.'),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='original_url',
            field=models.URLField(blank=True, help_text='Where the document is published, if anywhere.', max_length=500, verbose_name='original URL'),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='text_sha256',
            field=models.CharField(default='', editable=False, help_text='Of the current text, whitespace collapsed: one source per text.', max_length=64, verbose_name='SHA-256 of the text'),
        ),
        migrations.AddField(
            model_name='source',
            name='edited_by_hand',
            field=models.BooleanField(default=False, help_text='Set when an editor changes this source; reloading the knowledge base keeps it.'),
        ),
        migrations.AddField(
            model_name='source',
            name='original_url',
            field=models.URLField(blank=True, help_text='Where the document is published, if anywhere.', max_length=500, verbose_name='original URL'),
        ),
        migrations.AddField(
            model_name='source',
            name='text_sha256',
            field=models.CharField(default='', editable=False, help_text='Of the current text, whitespace collapsed: one source per text.', max_length=64, verbose_name='SHA-256 of the text'),
        ),
        migrations.AlterField(
            model_name='historicalsource',
            name='filename',
            field=models.CharField(blank=True, help_text='The file in fixtures/sources/ a seed is loaded from; empty for a source an editor added.', max_length=100, verbose_name='seed file'),
        ),
        migrations.AlterField(
            model_name='source',
            name='filename',
            field=models.CharField(blank=True, help_text='The file in fixtures/sources/ a seed is loaded from; empty for a source an editor added.', max_length=100, verbose_name='seed file'),
        ),
        migrations.AddField(
            model_name='sourcedraft',
            name='created_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='sourcefile',
            constraint=models.UniqueConstraint(fields=('sha256',), name='sources_sourcefile_unique_sha256', violation_error_message='This file is already held as the original of a source.'),
        ),
        migrations.AddField(
            model_name='sourcetext',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='sourcetext',
            name='source',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='texts', to='sources.source'),
        ),
        migrations.AddConstraint(
            model_name='sourcetext',
            constraint=models.UniqueConstraint(fields=('source', 'number'), name='sources_sourcetext_unique_number'),
        ),
        migrations.RunPython(texts_into_the_database, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('title'), name='sources_source_unique_title', violation_error_message='A source with this title is already held.'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.UniqueConstraint(fields=('text_sha256',), name='sources_source_unique_text', violation_error_message='A source with this text is already held.'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.UniqueConstraint(condition=models.Q(('filename', ''), _negated=True), fields=('filename',), name='sources_source_unique_seed_file'),
        ),
    ]
